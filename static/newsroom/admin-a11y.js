// The admin's autocomplete widgets (select2) named for assistive technology, as axe checks
// them: each combobox and search box gets its field's label, and select2's "clear" control
// moves out of the list of chosen items, where only list items belong. select2 redraws
// itself on every choice, so the fixes are reapplied whenever the page changes.
(() => {
  const labelOf = (select) => {
    const label = document.querySelector(`label[for="${select.id}"]`);
    return label ? label.textContent.replace(/:\s*$/, "").trim() : select.name;
  };

  const fix = (select) => {
    const container = select.nextElementSibling;
    if (!container || !container.classList.contains("select2")) return;
    const name = labelOf(select);
    for (const box of container.querySelectorAll(".select2-selection, .select2-selection__rendered[role=textbox]")) {
      if (box.getAttribute("aria-label") !== name) {
        box.removeAttribute("aria-labelledby");
        box.setAttribute("aria-label", name);
      }
    }
    for (const field of container.querySelectorAll(".select2-search__field")) {
      if (!field.hasAttribute("aria-label")) field.setAttribute("aria-label", `${name}: type to search`);
    }
    for (const clear of container.querySelectorAll("ul.select2-selection__rendered > .select2-selection__clear")) {
      clear.parentElement.after(clear);
    }
  };

  // The rich-text editor's editable area is named by its field's label too.
  const nameEditors = () => {
    for (const area of document.querySelectorAll(".tiptap[contenteditable]:not([aria-label])")) {
      const label = area.closest(".form-row")?.querySelector("label");
      area.setAttribute("aria-label", label ? label.textContent.replace(/:\s*$/, "").trim() : "Text");
    }
  };

  const fixAll = () => {
    document.querySelectorAll("select.admin-autocomplete").forEach(fix);
    nameEditors();
  };
  document.addEventListener("DOMContentLoaded", () => {
    fixAll();
    new MutationObserver(fixAll).observe(document.body, { childList: true, subtree: true });
  });
})();
