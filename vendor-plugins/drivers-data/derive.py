#!/usr/bin/env python3
"""Writes (or checks) the driver tables of the drivers-* plugins from Debian's own facts.

Derived, not typed in:
  * device names           - hwdata's pci.ids (/usr/share/hwdata/pci.ids, the installed hwdata package)
  * which module claims id - the Debian kernel's modules.alias (depmod over linux-image-*, see fetch.sh)
  * firmware a module asks - the same kernel's modinfo firmware= lines (fetch.sh writes firmware.tsv)
  * the Mellanox and Intel device lists: every id of that vendor that mlx5_core / ice / i40e / ixgbe / igc claims

Chosen by hand (CURATED below), each with the source it follows: which NVIDIA ids are data-center GPUs and their
architecture, driver branches, package names per OS family, kernel arguments. Every hand-picked id must be in
pci.ids, or the derivation fails: no id is taken from memory.

Usage:
  derive.py                 write vendor-plugins/drivers-*/src/main/resources/.../drivers.tsv
  derive.py --check         exit 0 when the committed tables equal a fresh derivation, 1 (with a diff) when not,
                            3 when the sources are not on this machine or are other versions than the header's
  derive.py --pci-ids PATH --cache DIR   other places for the sources
"""
import argparse
import difflib
import fnmatch
import os
import re
import subprocess
import sys

KERNEL_PACKAGE = "linux-image-6.1.0-57-amd64"   # what bookworm's linux-image-amd64 depended on, 2026-12-07
KERNEL_VERSION = "6.1.192-3"
HWDATA = "0.368-1"                              # bookworm's hwdata (pci.ids 2023.04.10)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

SOURCES_COMMON = [
    ("pci.ids", "Debian hwdata %s, /usr/share/hwdata/pci.ids (device names)" % HWDATA),
    ("modules.alias", "Debian %s %s, lib/modules/*/modules.alias written by depmod (which module claims a PCI id)"
     % (KERNEL_PACKAGE, KERNEL_VERSION)),
    ("modinfo", "Debian %s %s, modinfo -F firmware of the module (firmware files it loads)" % (KERNEL_PACKAGE, KERNEL_VERSION)),
]

# ---- NVIDIA: hand-picked data-center GPUs (ids checked against pci.ids) ----
NV_SOURCES = [
    ("nvidia-modules", "https://docs.nvidia.com/datacenter/tesla/driver-installation-guide/kernel-modules.html"
     " (open kernel modules: Turing and newer only; proprietary required for Maxwell, Pascal, Volta; open is the default from 560)"),
    ("nvidia-branches", "https://docs.nvidia.com/datacenter/tesla/drivers/ (production branches and long term support branches;"
     " R580 is an LTSB and, per NVIDIA's UNIX driver deprecation notice, the last branch that supports Volta)"),
    ("nvidia-fabricmanager", "https://docs.nvidia.com/datacenter/tesla/fabric-manager-user-guide/ (NVSwitch systems (HGX)"
     " need nvidia-fabricmanager of the same branch as the driver)"),
    ("ubuntu-nvidia", "https://documentation.ubuntu.com/server/how-to/graphics/install-nvidia-drivers/"
     " (nvidia-driver-<branch>-server and -server-open, nvidia-fabricmanager-<branch>, libnvidia-nscq-<branch>)"),
    ("debian-nvidia", "https://wiki.debian.org/NvidiaGraphicsDrivers (nvidia-driver with nvidia-kernel-dkms or"
     " nvidia-open-kernel-dkms; the non-free and contrib components; the branch is Debian's)"),
    ("rhel-nvidia", "https://docs.nvidia.com/datacenter/tesla/driver-installation-guide/ (Red Hat: dnf module"
     " nvidia-driver:<branch>-open or <branch>-dkms from NVIDIA's CUDA repository; nvidia-fabric-manager)"),
    ("nouveau-off", "https://docs.nvidia.com/datacenter/tesla/driver-installation-guide/ (disable nouveau before the"
     " NVIDIA driver loads); modules.alias: nouveau claims every 10de display-class (03) device"),
]
NV_BRANCH = "580"
NV_RULES = [
    # name, attributes (key, value) in order
    ("volta", [("arch", "Volta"), ("branch", NV_BRANCH), ("open", "no"), ("source", "nvidia-modules,nvidia-branches")]),
    ("turing", [("arch", "Turing"), ("branch", NV_BRANCH), ("open", "yes"), ("source", "nvidia-modules,nvidia-branches")]),
    ("ampere", [("arch", "Ampere"), ("branch", NV_BRANCH), ("open", "yes"), ("source", "nvidia-modules,nvidia-branches")]),
    ("ada", [("arch", "Ada Lovelace"), ("branch", NV_BRANCH), ("open", "yes"), ("source", "nvidia-modules,nvidia-branches")]),
    ("hopper", [("arch", "Hopper"), ("branch", NV_BRANCH), ("open", "yes"), ("source", "nvidia-modules,nvidia-branches")]),
    ("nvswitch", [("fabricmanager", "yes"), ("source", "nvidia-fabricmanager")]),
]
NV_OS = [
    ("ubuntu", [("open", "nvidia-driver-{branch}-server-open"), ("proprietary", "nvidia-driver-{branch}-server"),
                ("fabricmanager", "nvidia-fabricmanager-{branch},libnvidia-nscq-{branch}"), ("source", "ubuntu-nvidia")]),
    ("debian", [("open", "nvidia-open-kernel-dkms,nvidia-driver"), ("proprietary", "nvidia-kernel-dkms,nvidia-driver"),
                ("fabricmanager", ""), ("note", "Debian's packages follow Debian's own driver branch, not {branch}; fabric manager"
                 " is not packaged by Debian: install nvidia-fabricmanager of that branch from NVIDIA's CUDA repository"),
                ("source", "debian-nvidia,nvidia-fabricmanager")]),
    ("rhel", [("open", "@nvidia-driver:{branch}-open"), ("proprietary", "@nvidia-driver:{branch}-dkms"),
              ("fabricmanager", "nvidia-fabric-manager"), ("source", "rhel-nvidia")]),
]
NV_GPU_CLASS = ("03", "02")  # 3D controller: how data-center GPUs enumerate
NV_DEVICES = [
    ("volta", ["1db1", "1db3", "1db4", "1db5", "1db6", "1db8", "1df5", "1df6"]),          # Tesla V100 / V100S
    ("turing", ["1eb8"]),                                                                # Tesla T4
    ("ampere", ["20b0", "20b1", "20b2", "20b3", "20b5", "20f1", "20f3", "20f5", "20f6",   # A100, A800
                "20b7", "2235", "2236", "2237", "25b6"]),                                # A30, A40, A10, A10G, A2/A16
    ("ada", ["26b5", "27b8"]),                                                           # L40, L4
    ("hopper", ["2322", "2324", "2330", "2331", "2336", "2339"]),                        # H800, H100
    ("nvswitch", ["1af1"]),                                                              # A100 NVSwitch (HGX A100)
]
NV_NOT_IN_PCI_IDS = "H200, L40S and the H100 NVSwitch are not in pci.ids %s: left out until hwdata names them" % HWDATA
NV_KERNEL_ARGS = "rd.driver.blacklist=nouveau,modprobe.blacklist=nouveau"

# ---- Mellanox / NVIDIA networking: every 15b3 id mlx5_core claims ----
MLX_SOURCES = [
    ("mlx5-ib", "https://docs.kernel.org/networking/device_drivers/ethernet/mellanox/mlx5/ (mlx5_ib is the RDMA"
     " driver on top of mlx5_core's auxiliary devices)"),
    ("rdma-packages", "Debian bookworm main and Ubuntu: rdma-core, ibverbs-providers, mstflint; RHEL 9: rdma-core, libibverbs,"
     " mstflint (packages.debian.org, packages.ubuntu.com, RHEL BaseOS / AppStream)"),
]
MLX_RULES = [
    ("mlx5", [("module", "mlx5_core,mlx5_ib"), ("package.debian", "rdma-core,ibverbs-providers,mstflint"),
              ("package.ubuntu", "rdma-core,ibverbs-providers,mstflint"), ("package.rhel", "rdma-core,libibverbs,mstflint"),
              ("source", "modules.alias,mlx5-ib,rdma-packages")]),
]
MLX_MODULES = {"mlx5_core": "mlx5"}

# ---- Intel NICs: every 8086 id ice / i40e / ixgbe / igc claims ----
INTEL_SOURCES = [
    ("firmware-packages", "Debian firmware-misc-nonfree, Ubuntu linux-firmware, RHEL 9 linux-firmware ship"
     " /lib/firmware/intel/ice/ddp/ice.pkg (Debian: the non-free-firmware component)"),
]
INTEL_MODULES = {"ice": "ice", "i40e": "i40e", "ixgbe": "ixgbe", "igc": "igc"}
INTEL_FIRMWARE_PACKAGES = [("package.debian", "firmware-misc-nonfree"), ("package.ubuntu", "linux-firmware"),
                           ("package.rhel", "linux-firmware")]

PLUGINS = {
    "nvidia": ("drivers-nvidia", "io/kiln/plugin/drivers/nvidia/drivers.tsv", "10de"),
    "mellanox": ("drivers-mellanox", "io/kiln/plugin/drivers/mellanox/drivers.tsv", "15b3"),
    "intel-nic": ("drivers-intel-nic", "io/kiln/plugin/drivers/intelnic/drivers.tsv", "8086"),
}


class Unavailable(Exception):
    pass


def read_pci_ids(path):
    names = {}
    vendor = None
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("C "):
                break  # device classes follow the vendors
            m = re.match(r"^([0-9a-f]{4})\s+(.*)$", line)
            if m:
                vendor = m.group(1)
                continue
            m = re.match(r"^\t([0-9a-f]{4})\s+(.*)$", line)
            if m and vendor:
                names[(vendor, m.group(1))] = m.group(2).strip()
    return names


def pci_ids_version(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = re.match(r"#\s*Version:\s*(\S+)", line)
            if m:
                return m.group(1)
    return "?"


def read_aliases(path):
    """[(pattern, module)] for pci aliases."""
    out = []
    with open(path) as f:
        for line in f:
            p = line.split()
            if len(p) == 3 and p[0] == "alias" and p[1].startswith("pci:"):
                out.append((p[1], p[2]))
    return out


def claimed(aliases, vendor, modules):
    """{device id: module} for aliases naming this vendor and an exact device, for the given modules."""
    out = {}
    v = vendor.upper()
    for pattern, module in aliases:
        if module not in modules:
            continue
        m = re.match(r"pci:v0000%sd0000([0-9A-F]{4})sv" % v, pattern)
        if m:
            out.setdefault(m.group(1).lower(), module)
    return out


def inbox(aliases, vendor, device, cls):
    s = "pci:v0000%sd0000%ssv00000000sd00000000bc%ssc%si00" % (vendor.upper(), device.upper(), cls[0].upper(), cls[1].upper())
    return sorted({mod for pattern, mod in aliases if fnmatch.fnmatchcase(s, pattern)})


def firmware_of(firmware_tsv, module):
    out = []
    with open(firmware_tsv) as f:
        for line in f:
            m, _, fw = line.rstrip("\n").partition("\t")
            if m == module and fw:
                out.append(fw)
    return sorted(set(out))


def header(plugin, pci_version):
    return [
        "# Kiln driver table of the %s plugin. GENERATED by vendor-plugins/drivers-data/derive.py: do not edit;" % plugin,
        "# change derive.py (hand-picked rules, each naming its source) and run it again.",
        "# derived from: hwdata %s (pci.ids %s); %s %s (modules.alias by depmod, modinfo firmware=)"
        % (HWDATA, pci_version, KERNEL_PACKAGE, KERNEL_VERSION),
        "# format: tab-separated; 'source KEY TEXT', 'rule NAME KEY=VALUE...', 'os FAMILY KEY=VALUE...',"
        " 'device VVVV:DDDD RULE NAME' (NAME from pci.ids)",
    ]


def kv(pairs):
    return "\t".join("%s=%s" % (k, v) for k, v in pairs)


def derive(which, pci_ids, cache):
    alias_path = os.path.join(cache, "modules.alias")
    fw_path = os.path.join(cache, "firmware.tsv")
    for p in (pci_ids, alias_path, fw_path):
        if not os.path.isfile(p):
            raise Unavailable("%s is missing (vendor-plugins/drivers-data/fetch.sh fetches the kernel's)" % p)
    names = read_pci_ids(pci_ids)
    aliases = read_aliases(alias_path)
    pv = pci_ids_version(pci_ids)
    plugin, _, vendor = PLUGINS[which]
    lines = header(plugin, pv)
    srcs = list(SOURCES_COMMON)
    if which == "nvidia":
        srcs += NV_SOURCES
        lines += ["source\t%s\t%s" % s for s in srcs]
        lines.append("# %s" % NV_NOT_IN_PCI_IDS)
        for name, attrs in NV_RULES:
            lines.append("rule\t%s\t%s" % (name, kv(attrs)))
        lines.append("kernelargs\t%s\tsource=nouveau-off" % NV_KERNEL_ARGS)
        for fam, attrs in NV_OS:
            lines.append("os\t%s\t%s" % (fam, kv(attrs)))
        for rule, ids in NV_DEVICES:
            for d in ids:
                if (vendor, d) not in names:
                    raise SystemExit("10de:%s is not in %s: no id from memory" % (d, pci_ids))
                cls = NV_GPU_CLASS if rule != "nvswitch" else ("06", "80")
                mods = inbox(aliases, vendor, d, cls)
                lines.append("device\t%s:%s\t%s\t%s\tinbox=%s" % (vendor, d, rule, names[(vendor, d)], ",".join(mods) or "none"))
    else:
        mods = MLX_MODULES if which == "mellanox" else INTEL_MODULES
        srcs += MLX_SOURCES if which == "mellanox" else INTEL_SOURCES
        lines += ["source\t%s\t%s" % s for s in srcs]
        if which == "mellanox":
            for name, attrs in MLX_RULES:
                lines.append("rule\t%s\t%s" % (name, kv(attrs)))
        else:
            for module in sorted(set(INTEL_MODULES.values())):
                fw = firmware_of(fw_path, module)
                attrs = [("module", module)]
                src = ["modules.alias"]
                if fw:
                    attrs.append(("firmware", ",".join(fw)))
                    attrs += INTEL_FIRMWARE_PACKAGES
                    src += ["modinfo", "firmware-packages"]
                attrs.append(("source", ",".join(src)))
                lines.append("rule\t%s\t%s" % (module, kv(attrs)))
        found = claimed(aliases, vendor, set(mods))
        if not found:
            raise SystemExit("modules.alias names no %s device for %s" % (vendor, ", ".join(sorted(mods))))
        for d in sorted(found):
            name = names.get((vendor, d), "(not in pci.ids)")
            lines.append("device\t%s:%s\t%s\t%s\tinbox=%s" % (vendor, d, mods[found[d]], name, found[d]))
    return "\n".join(lines) + "\n"


def installed_hwdata():
    try:
        return subprocess.run(["dpkg-query", "-W", "-f=${Version}", "hwdata"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--only", choices=sorted(PLUGINS))
    ap.add_argument("--pci-ids", default="/usr/share/hwdata/pci.ids")
    ap.add_argument("--cache", default=None)
    ap.add_argument("--print-kernel-package", action="store_true")
    ap.add_argument("--print-kernel-version", action="store_true")
    a = ap.parse_args()
    if a.print_kernel_package:
        print(KERNEL_PACKAGE)
        return 0
    if a.print_kernel_version:
        print(KERNEL_VERSION)
        return 0
    base = os.environ.get("KILN_DRIVERS_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "kiln-drivers")
    cache = a.cache or os.path.join(base, "%s_%s" % (KERNEL_PACKAGE, KERNEL_VERSION))
    if a.pci_ids == "/usr/share/hwdata/pci.ids" and installed_hwdata() not in ("", HWDATA):
        print("installed hwdata is %s, the tables are derived from %s" % (installed_hwdata(), HWDATA), file=sys.stderr)
        return 3
    status = 0
    for which in [a.only] if a.only else sorted(PLUGINS):
        module, resource, _ = PLUGINS[which]
        try:
            text = derive(which, a.pci_ids, cache)
        except Unavailable as e:
            print(str(e), file=sys.stderr)
            return 3
        path = os.path.join(ROOT, module, "src", "main", "resources", resource)
        if a.check:
            old = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
            if old != text:
                sys.stdout.writelines(difflib.unified_diff(old.splitlines(True), text.splitlines(True), path, "derived"))
                status = 1
            else:
                print("%s: agrees with its sources" % path)
        else:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            print("wrote %s (%d devices)" % (path, text.count("\ndevice\t")))
    return status


if __name__ == "__main__":
    sys.exit(main())
