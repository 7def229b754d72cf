#!/bin/bash
# Captures one genuine DHCPDISCOVER from each client into ./<name>.bin (see README.txt).
# Needs root. Everything happens inside throw-away network namespaces kcap0/kcap1/kcap2 on
# 10.250.0.0/24; nothing answers and nothing leaves them. Work files go to $W (default /tmp/kcap).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
W=${W:-/tmp/kcap}; rm -rf "$W"; mkdir -p "$W"
UUID=6f8b3a2c-1d4e-4f5a-9b7c-0123456789ab
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  sleep 0.5
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null; done
  for ns in kcap0 kcap1 kcap2; do ip netns del $ns 2>/dev/null; done
}
trap cleanup EXIT

# client namespace kcap0 --veth-- kcap1 where tcpdump listens
for ns in kcap0 kcap1 kcap2; do ip netns del $ns 2>/dev/null; ip netns add $ns; ip -n $ns link set lo up; done
ip link add kcapc netns kcap0 address 02:00:0a:fa:00:02 type veth peer name kcaps netns kcap1 address 02:00:0a:fa:00:01
ip -n kcap1 addr add 10.250.0.1/24 dev kcaps
ip -n kcap0 addr add 10.250.0.2/24 dev kcapc   # perfdhcp binds to the interface address
ip -n kcap0 link set kcapc up; ip -n kcap1 link set kcaps up
sleep 1

# tcpdump -c 1 exits after the first DISCOVER; the client is then stopped by PID
capture_veth() { # name, client command...
  local name=$1; shift
  ip netns exec kcap1 tcpdump -i kcaps -n -U -c 1 -w "$W/$name.pcap" 'udp dst port 67' >"$W/$name.tcpdump.log" 2>&1 &
  local tp=$!; PIDS+=($tp); sleep 1
  ip netns exec kcap0 "$@" >"$W/$name.client.log" 2>&1 &
  local cp=$!; PIDS+=($cp)
  for _ in $(seq 100); do kill -0 $tp 2>/dev/null || break; sleep 0.1; done
  kill $cp $tp 2>/dev/null; wait $cp $tp 2>/dev/null
  python3 "$HERE/pcap2bin.py" "$W/$name.pcap" "$HERE/$name.bin"
}

capture_veth udhcpc-pxe timeout 8 udhcpc -f -q -n -t 1 -i kcapc -s /bin/true \
  -V PXEClient:Arch:00007:UNDI:003000 -x 0x5d:0007 -x 0x5e:010300
capture_veth dhclient timeout 8 dhclient -1 -v -sf /bin/true -pf "$W/dhclient.pid" -lf "$W/dhclient.leases" kcapc
capture_veth perfdhcp timeout 8 perfdhcp -4 -l kcapc -n 1 -r 1 -o 93,0007 -o 60,505845436c69656e74

# QEMU firmware in kcap2 on a tap; tcpdump on the tap sees what the guest sends
ip -n kcap2 tuntap add dev kcaptap mode tap
ip -n kcap2 link set kcaptap up
capture_qemu() { # name, mac, qemu args...
  local name=$1 mac=$2; shift 2
  ip netns exec kcap2 tcpdump -i kcaptap -n -U -c 1 -w "$W/$name.pcap" 'udp dst port 67' >"$W/$name.tcpdump.log" 2>&1 &
  local tp=$!; PIDS+=($tp); sleep 1
  ip netns exec kcap2 qemu-system-x86_64 -m 256 -smp 1 -accel tcg -nographic -monitor none -serial none \
    -no-reboot -uuid $UUID -netdev tap,id=n0,ifname=kcaptap,script=no,downscript=no "$@" \
    </dev/null >"$W/$name.qemu.log" 2>&1 &
  local qp=$!; PIDS+=($qp)
  for _ in $(seq 1800); do kill -0 $tp 2>/dev/null || break; sleep 0.1; done
  kill $qp $tp 2>/dev/null; wait $qp $tp 2>/dev/null
  python3 "$HERE/pcap2bin.py" "$W/$name.pcap" "$HERE/$name.bin"
}
uefi() { # fresh NVRAM per run
  cp /usr/share/OVMF/OVMF_VARS_4M.fd "$W/$1.vars.fd"
  echo -machine q35 -drive if=pflash,format=raw,unit=0,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd \
       -drive if=pflash,format=raw,unit=1,file="$W/$1.vars.fd"
}
capture_qemu edk2-pxe 52:54:00:fa:00:10 $(uefi edk2-pxe) \
  -device virtio-net-pci,netdev=n0,mac=52:54:00:fa:00:10,romfile=,bootindex=1
capture_qemu edk2-http 52:54:00:fa:00:11 $(uefi edk2-http) \
  -fw_cfg name=opt/org.tianocore/IPv4PXESupport,string=n -fw_cfg name=opt/org.tianocore/IPv6PXESupport,string=n \
  -device virtio-net-pci,netdev=n0,mac=52:54:00:fa:00:11,romfile=,bootindex=1
capture_qemu ipxe-bios 52:54:00:fa:00:12 -machine pc \
  -device virtio-net-pci,netdev=n0,mac=52:54:00:fa:00:12,bootindex=1
