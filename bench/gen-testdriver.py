#!/usr/bin/python3
"""Write a libvirt test-driver node XML with N domains for bench/list-scale.

Usage: bench/gen-testdriver.py N OUT.xml

Domains vm-0001 ... vm-NNNN (at least four digits): the odd-numbered ones running, the
even-numbered ones shut off (<test:runstate>5</test:runstate>), each with 2 file disks under
/var/lib/libvirt/images/bench-*.qcow2 (the test driver never opens them), one NIC on network
"default" with its own MAC, memory and vCPUs varying a little. The node also holds the "default"
NAT network and a "default" dir pool, as a real host would, so both apps see a plausible host.
Use it as: virsh -c test:///ABS/PATH/OUT.xml list --all
"""
import sys
import uuid
from xml.sax.saxutils import escape

TEST_NS = "http://libvirt.org/schemas/domain/test/1.0"


def domain_xml(i, width):
    name = "vm-%0*d" % (width, i)
    running = (i % 2) == 1
    mem_mib = (512, 1024, 2048, 4096)[i % 4]
    vcpus = (1, 2, 4)[i % 3]
    u = uuid.uuid5(uuid.NAMESPACE_DNS, "vireo-bench-%d" % i)
    mac = "52:54:00:%02x:%02x:%02x" % ((i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff)
    lines = [
        "  <domain type='test' xmlns:test='%s'>" % TEST_NS,
        "    <name>%s</name>" % escape(name),
        "    <uuid>%s</uuid>" % u,
        "    <description>bench domain %d</description>" % i,
        "    <memory unit='MiB'>%d</memory>" % mem_mib,
        "    <currentMemory unit='MiB'>%d</currentMemory>" % mem_mib,
        "    <vcpu placement='static'>%d</vcpu>" % vcpus,
        "    <os><type arch='x86_64' machine='pc'>hvm</type><boot dev='hd'/></os>",
        "    <features><acpi/><apic/></features>",
        "    <on_poweroff>destroy</on_poweroff>",
        "    <on_reboot>restart</on_reboot>",
        "    <on_crash>destroy</on_crash>",
        "    <devices>",
    ]
    for d, dev in enumerate(("vda", "vdb")):
        lines += [
            "      <disk type='file' device='disk'>",
            "        <driver name='qemu' type='qcow2'/>",
            "        <source file='/var/lib/libvirt/images/bench-%s-%d.qcow2'/>" % (name, d),
            "        <target dev='%s' bus='virtio'/>" % dev,
            "      </disk>",
        ]
    lines += [
        "      <interface type='network'>",
        "        <mac address='%s'/>" % mac,
        "        <source network='default'/>",
        "        <model type='virtio'/>",
        "      </interface>",
        "      <graphics type='vnc' port='-1' autoport='yes' listen='127.0.0.1'/>",
        "      <video><model type='vga'/></video>",
        "    </devices>",
    ]
    if not running:
        lines.append("    <test:runstate>5</test:runstate>")
    lines.append("  </domain>")
    return "\n".join(lines)


HOST = """  <cpu>
    <mode>fixed</mode>
    <nodes>1</nodes>
    <sockets>2</sockets>
    <cores>8</cores>
    <threads>2</threads>
    <active>32</active>
    <mhz>3000</mhz>
    <model>x86_64</model>
  </cpu>
  <memory>268435456</memory>
  <network>
    <name>default</name>
    <uuid>%s</uuid>
    <forward mode='nat'/>
    <bridge name='virbr0' stp='on' delay='0'/>
    <ip address='192.168.122.1' netmask='255.255.255.0'>
      <dhcp><range start='192.168.122.2' end='192.168.122.254'/></dhcp>
    </ip>
  </network>
  <pool type='dir'>
    <name>default</name>
    <uuid>%s</uuid>
    <capacity unit='GiB'>1000</capacity>
    <allocation unit='GiB'>100</allocation>
    <available unit='GiB'>900</available>
    <target><path>/var/lib/libvirt/images</path></target>
  </pool>
""" % (uuid.uuid5(uuid.NAMESPACE_DNS, "vireo-bench-net"), uuid.uuid5(uuid.NAMESPACE_DNS, "vireo-bench-pool"))


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: %s N OUT.xml\n" % argv[0])
        return 2
    n = int(argv[1])
    if n < 0:
        sys.stderr.write("N must be >= 0\n")
        return 2
    width = max(4, len(str(n)))
    with open(argv[2], "w") as f:
        f.write("<?xml version='1.0'?>\n<node>\n")
        f.write(HOST)
        for i in range(1, n + 1):
            f.write(domain_xml(i, width))
            f.write("\n")
        f.write("</node>\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
