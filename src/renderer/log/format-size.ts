const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** `256 MiB`, `1.5 GiB`: binary units, as memory limits are set. */
export function formatSize(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const rounded = value >= 100 || Number.isInteger(value) ? Math.round(value) : value.toFixed(1);
  return `${rounded} ${UNITS[unit]}`;
}
