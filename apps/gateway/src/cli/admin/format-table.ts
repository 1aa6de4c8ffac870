/** A column of {@link formatTable}: its header, and whether values align right (numbers). */
export interface TableColumn {
  readonly header: string;
  readonly right?: boolean;
}

/**
 * Rows under upper-case headers, each column as wide as its widest cell, two spaces apart;
 * trailing spaces trimmed. Cells are shown as given.
 */
export function formatTable(columns: readonly TableColumn[], rows: readonly string[][]): string {
  const header = columns.map((c) => c.header.toUpperCase());
  const widths = columns.map((_, i) =>
    Math.max(header[i]!.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    columns
      .map((column, i) => {
        const cell = cells[i] ?? '';
        return column.right ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!);
      })
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

const UNITS = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/** `512 B`, `1.5 KiB`, `20.0 MiB`, `3.2 GiB`: binary units, one decimal above bytes. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${UNITS[unit]!}`;
}

/** `3d 4h`, `2h 5m`, `7m 3s`, `12s`: the two largest units of a duration in seconds. */
export function formatUptime(seconds: number): string {
  const parts: [number, string][] = [
    [Math.floor(seconds / 86_400), 'd'],
    [Math.floor(seconds / 3600) % 24, 'h'],
    [Math.floor(seconds / 60) % 60, 'm'],
    [Math.floor(seconds) % 60, 's'],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  if (first === -1) return '0s';
  return parts
    .slice(first, first + 2)
    .map(([n, unit]) => `${n}${unit}`)
    .join(' ');
}
