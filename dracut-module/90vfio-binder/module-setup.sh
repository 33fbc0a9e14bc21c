#!/bin/bash
# dracut module: runs vfio-binder before anything loads a host driver, in the
# systemd initrd through vfio-binder.service and in the shell initrd through
# cmdline hook 00.
# shellcheck disable=SC2154 # moddir, initdir, systemdsystemunitdir and SYSTEMCTL are set by dracut

check() {
    # Without the binary there is nothing to run: leave the module out
    # rather than fail the image build.
    require_binaries /usr/libexec/vfio-binder/vfio-binder /usr/sbin/vfio-binder || return 1
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
    # the initramfs binary (static: boot and plan); the host tool checks
    inst_binary /usr/libexec/vfio-binder/vfio-binder /usr/sbin/vfio-binder
    if [ -f /etc/vfio-binder.conf ]; then
        inst_simple /etc/vfio-binder.conf
    fi
    # Validate what the next boot will apply, against this machine: warnings
    # are shown; a selection (or a vfio-pci ids=) that would take the
    # controller of / or /boot, swap, or the default route's NIC stops the build.
    local _vb_rc=0
    /usr/sbin/vfio-binder check >&2 || _vb_rc=$?
    case $_vb_rc in
    2) dwarn "vfio-binder: the configuration is invalid: nothing will be bound at boot" ;;
    3)
        # dracut ignores install()'s status, so stop it the way it stops itself
        dfatal "vfio-binder: the next boot would take a device this host needs to run (see above); remove it from slots= in /etc/vfio-binder.conf or vfio.slots= on the kernel command line, or remove the vfio-pci ids= setting the error names"
        exit 1
        ;;
    esac
    if dracut_module_included systemd; then
        # The systemd initrd starts udevd from a unit, so ordering has to
        # be expressed as a unit too; hooks there only run via the optional
        # dracut-pre-udev.service.
        inst_simple "$moddir/vfio-binder.service" "$systemdsystemunitdir/vfio-binder.service"
        $SYSTEMCTL -q --root "$initdir" add-wants sysinit.target vfio-binder.service
    else
        # cmdline, not pre-udev: 90kernel-modules loads rd.driver.pre= from
        # cmdline hook 01, before every pre-udev hook
        inst_hook cmdline 00 "$moddir/vfio-binder-cmdline.sh"
    fi
}
