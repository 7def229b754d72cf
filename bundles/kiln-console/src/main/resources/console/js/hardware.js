// A host's hardware facts (flat key/values from the node agent and from BMC inspection) summarised for an operator:
// system, CPU, memory, disks and NICs, with every raw fact one click away.
import { h, facts, table, notice } from './dom.js';

/** Bytes as GiB/TiB, rounded to what a person compares (e.g. "64 GiB", "960 GiB", "1.8 TiB"). */
export function size(bytes) {
  const n = Number(bytes);
  if (!Number.isFinite(n) || n < 0) return String(bytes);
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return (v >= 100 || Number.isInteger(v) ? Math.round(v) : v.toFixed(1)) + ' ' + units[i];
}

/** The facts under prefix.NAME.field, as {NAME: {field: value}}. */
function grouped(hw, prefix) {
  const out = {};
  for (const [k, v] of Object.entries(hw)) {
    if (!k.startsWith(prefix + '.')) continue;
    const rest = k.slice(prefix.length + 1);
    const dot = rest.lastIndexOf('.');
    if (dot <= 0) continue;
    const name = rest.slice(0, dot);
    (out[name] = out[name] || {})[rest.slice(dot + 1)] = v;
  }
  return out;
}

export function hardwareSummary(hw) {
  if (!hw || Object.keys(hw).length === 0) return notice('Nothing discovered yet (the node agent reports facts when the machine boots; a BMC inspection adds its own).');
  const vendor = hw['dmi.vendor'] || hw.manufacturer;
  const product = hw['dmi.product'] || hw.model;
  const memory = hw['memory.bytes'] || hw.memory;
  const cpu = hw['cpu.count'] ? hw['cpu.count'] + ' logical CPUs' + (hw['cpu.model'] ? ' · ' + hw['cpu.model'] : '') : hw['cpu.model'];
  const disks = grouped(hw, 'disk');
  const nics = grouped(hw, 'nic');
  const pci = (hw.pci || '').split(/\s+/).filter(Boolean);
  const diskNames = Object.keys(disks).sort();
  const nicNames = Object.keys(nics).sort();
  return h('div', { class: 'hardware' },
    facts({ System: [vendor, product].filter(Boolean).join(' '), Serial: hw['dmi.serial'], UUID: hw['dmi.uuid'], CPU: cpu,
      Memory: memory ? size(memory) : undefined,
      Disks: diskNames.length ? diskNames.length + ' (' + diskNames.map((d) => d + ' ' + (disks[d].sizeBytes ? size(disks[d].sizeBytes) : '')).join(', ') + ')'
        : hw.disks ? hw.disks + ' (as the BMC names them)' : undefined,
      NICs: nicNames.length ? String(nicNames.length) : undefined,
      'PCI devices': pci.length ? String(pci.length) : undefined }),
    diskNames.length ? table(['Disk', 'Size', 'Kind', 'Model', 'Serial'], diskNames.map((d) => [d, disks[d].sizeBytes ? size(disks[d].sizeBytes) : '',
      disks[d].rotational === undefined ? '' : disks[d].rotational === '1' || disks[d].rotational === 'true' ? 'HDD (rotational)' : 'SSD',
      disks[d].model || '', disks[d].serial || '']), 'Disks') : null,
    nicNames.length ? table(['NIC', 'MAC', 'Link', 'Speed', 'Driver'], nicNames.map((n) => [n, nics[n].mac || '', nics[n].link || '',
      nics[n].speedMbps ? (nics[n].speedMbps >= 1000 ? nics[n].speedMbps / 1000 + ' Gbit/s' : nics[n].speedMbps + ' Mbit/s') : '', nics[n].driver || '']), 'Network interfaces') : null,
    h('details', {}, h('summary', {}, 'All ' + Object.keys(hw).length + ' facts as reported'),
      table(['Fact', 'Value'], Object.keys(hw).sort().map((k) => [k, hw[k]]), 'All hardware facts')));
}
