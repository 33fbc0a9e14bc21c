#!/bin/bash
# dracut module: runs vfio-binder before udev, in the systemd initrd through
# vfio-binder.service and in the shell initrd through a pre-udev hook.
# shellcheck disable=SC2154 # moddir, initdir, systemdsystemunitdir and SYSTEMCTL are set by dracut

check() {
    # Without the binary there is nothing to run: leave the module out
    # rather than fail the image build.
    require_binaries /usr/sbin/vfio-binder || return 1
    return 0
}

depends() {
    return 0
}

installkernel() {
    # Not hostonly: the host itself usually has none of these loaded yet.
    # instmods skips modules this kernel lacks or has built in.
    hostonly='' instmods vfio vfio_iommu_type1 vfio-pci
}

install() {
    inst_binary /usr/sbin/vfio-binder
    if [ -f /etc/vfio-binder.conf ]; then
        inst_simple /etc/vfio-binder.conf
        # Catch a typo at image build time, not as an unbound card at boot.
        if ! /usr/sbin/vfio-binder check --conf /etc/vfio-binder.conf >&2; then
            dwarn "vfio-binder: /etc/vfio-binder.conf does not validate against this machine (see above)"
        fi
    fi
    if dracut_module_included systemd; then
        # The systemd initrd starts udevd from a unit, so ordering has to
        # be expressed as a unit too; hooks there only run via the optional
        # dracut-pre-udev.service.
        inst_simple "$moddir/vfio-binder.service" "$systemdsystemunitdir/vfio-binder.service"
        $SYSTEMCTL -q --root "$initdir" add-wants sysinit.target vfio-binder.service
    else
        inst_hook pre-udev 00 "$moddir/vfio-binder-pre-udev.sh"
    fi
}
