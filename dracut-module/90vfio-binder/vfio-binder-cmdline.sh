#!/bin/sh
# Sourced by the dracut shell initrd's init as cmdline hook 00, so no exit
# here: before 90kernel-modules' cmdline hook 01 loads rd.driver.pre= (and
# force_drivers, which dracut writes as rd.driver.pre=), and before udev.
# vfio-binder always returns 0; boot goes on either way.
if [ -x /usr/sbin/vfio-binder ]; then
    /usr/sbin/vfio-binder boot
fi
