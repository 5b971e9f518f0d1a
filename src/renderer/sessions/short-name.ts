/** A desktop file is a whole path; a status line shows its last part (the path is in a tooltip). */
export function shortName(name: string): string {
  return name.split(/[\\/]/).pop() || name;
}
