import type { Ref } from 'react';

/**
 * A file input out of sight and out of the tab order: a button opens it (`click()` through `ref`),
 * since in the browser a picker opens only within the user's click.
 */
export function HiddenFilePicker(props: {
  ref: Ref<HTMLInputElement>;
  accept?: string;
  onPick: (file: File) => void;
}) {
  return (
    <input
      ref={props.ref}
      type="file"
      accept={props.accept}
      hidden
      tabIndex={-1}
      aria-hidden="true"
      onChange={(event) => {
        const file = event.target.files?.[0];
        // The same file picked twice must fire `change` again.
        event.target.value = '';
        if (file) props.onPick(file);
      }}
    />
  );
}
