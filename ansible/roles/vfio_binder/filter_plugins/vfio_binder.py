# SPDX-License-Identifier: GPL-2.0-or-later
"""The vfio_binder role's filter: /etc/vfio-binder.conf with a new slots line."""

import re

from ansible.utils.unsafe_proxy import AnsibleUnsafeText

# What vfio-binder's conf parser reads as the slots key: blanks (space, tab,
# CR), "slots", blanks, "=". It takes no other key.
SLOTS_LINE = re.compile(r"[ \t\r]*slots[ \t\r]*=")


def vfio_binder_conf(text, slots):
    """TEXT (the conf file as it is, or will be once the package is in) with
    its first slots line replaced by one naming SLOTS, and any further slots
    lines dropped (the parser refuses a second one); without a slots line the
    new one is appended. Every other line, comments included, stays as it is.
    Applied to its own result it changes nothing."""
    # tasks/variables.yml has checked that SLOTS is a list of strings
    line = "slots = " + ",".join(str(item) for item in slots)
    out = []
    written = False
    # lines end at "\n" alone, as the parser reads them
    lines = str(text).split("\n")
    if lines[-1] == "":
        lines.pop()
    for old in lines:
        if SLOTS_LINE.match(old):
            if not written:
                out.append(line)
                written = True
            continue
        out.append(old)
    if not written:
        out.append(line)
    # unsafe: the file's comments are never templated, whatever braces they hold
    return AnsibleUnsafeText("\n".join(out) + "\n")


class FilterModule:  # pylint: disable=too-few-public-methods
    """The filters of the vfio_binder role."""

    def filters(self):
        """Name to function."""
        return {"vfio_binder_conf": vfio_binder_conf}
