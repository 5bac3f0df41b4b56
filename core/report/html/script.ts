/**
 * The page's one script, inline: the role filters, the copy buttons, and opening every
 * collapsed part before printing. The page is complete without it (filters and copy
 * buttons stay hidden). It reads only the page's own `data-*` attributes, never input
 * text as markup, and the page's Content-Security-Policy allows this script alone, by its
 * hash: a script that escaped the escaping would not run.
 */
export const SCRIPT = `(() => {
  const form = document.getElementById('filters');
  if (form) {
    const selects = [...form.querySelectorAll('select')];
    const items = [...document.querySelectorAll('[data-role-item]')];
    const rows = items.filter((el) => el.tagName === 'TR');
    const status = document.getElementById('filter-status');
    const values = (el, name) => { try { return JSON.parse(el.getAttribute('data-' + name) || '[]'); } catch { return []; } };
    const apply = () => {
      for (const el of items) el.hidden = !selects.every((s) => !s.value || values(el, s.name).includes(s.value));
      const shown = rows.filter((el) => !el.hidden).length;
      status.textContent = shown === rows.length ? 'Showing all ' + rows.length + ' roles.' : 'Showing ' + shown + ' of ' + rows.length + ' roles.';
    };
    form.addEventListener('change', apply);
    form.addEventListener('reset', () => setTimeout(apply));
    form.addEventListener('submit', (e) => e.preventDefault());
    form.hidden = false;
  }
  for (const button of document.querySelectorAll('button[data-copy]')) {
    const pre = document.getElementById(button.getAttribute('data-copy'));
    const status = button.nextElementSibling;
    if (!pre) continue;
    button.addEventListener('click', async () => {
      const text = pre.textContent;
      try {
        await navigator.clipboard.writeText(text);
        status.textContent = 'Copied.';
      } catch {
        const range = document.createRange();
        range.selectNodeContents(pre);
        getSelection().removeAllRanges();
        getSelection().addRange(range);
        status.textContent = document.execCommand('copy') ? 'Copied.' : 'Selected: press Ctrl+C to copy.';
      }
    });
    button.hidden = false;
  }
  addEventListener('beforeprint', () => { for (const d of document.querySelectorAll('details')) d.open = true; });
})();`;

/**
 * Base64 SHA-256 of `SCRIPT`, for the page's Content-Security-Policy. Pinned by
 * test/core/report/html.test.ts, which says the new value when the script changes (core
 * computes no hashes at run time).
 */
export const SCRIPT_SHA256 = '1HDUzeOPKwcHptSJKcXogrpoUsdqS3mb10qEN04IyMc=';
