#!/bin/sh
# Sourced by the dracut shell initrd's init before it starts udevd, so no
# exit here. vfio-binder always returns 0; boot goes on either way.
if [ -x /usr/sbin/vfio-binder ]; then
    /usr/sbin/vfio-binder boot
fi
