/**
 * Starts a download the host offers at `address` (same origin: the page's cookie goes along),
 * as a link the user clicked would. The browser saves it where the user's downloads go.
 */
export function startDownload(address: string): void {
  const link = document.createElement('a');
  link.href = address;
  // Empty: the host's Content-Disposition names the file.
  link.download = '';
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
}
