// Not losing work in the news item form. Leaving the page with unsaved changes asks first.
// Every change is also copied to this browser's storage, keyed by the page and the version the
// form was opened at, and dropped once a save went through (the version moved, or the admin
// said so). A save that never arrived (the session had expired, the network failed) leaves
// the copy: the form offers it back after signing in again.
(() => {
  const FIELDS = ["title", "lead", "body", "place", "source", "image_caption", "tags"];
  const PREFIX = "newsroom:unsaved:";

  const read = (key) => {
    try {
      return JSON.parse(localStorage.getItem(key) || "null");
    } catch {
      return null;
    }
  };

  const forgetSubmitted = () => {
    for (const key of Object.keys(localStorage)) {
      if (key.startsWith(PREFIX) && read(key)?.submitted) localStorage.removeItem(key);
    }
  };

  const offer = (form, copy, apply) => {
    const note = document.createElement("div");
    note.className = "workflow-note unsaved-copy";
    note.setAttribute("role", "status");
    const text = document.createElement("p");
    const when = new Date(copy.at).toLocaleString();
    text.textContent = `Text you had not saved (${when}) was kept in this browser.`;
    const restore = document.createElement("button");
    restore.type = "button";
    restore.textContent = "Restore my unsaved text";
    const discard = document.createElement("button");
    discard.type = "button";
    discard.textContent = "Discard it";
    restore.addEventListener("click", () => {
      apply(copy.fields);
      note.remove();
    });
    discard.addEventListener("click", () => {
      localStorage.removeItem(form.dataset.unsavedKey);
      note.remove();
    });
    note.append(text, restore, " ", discard);
    form.prepend(note);
  };

  document.addEventListener("DOMContentLoaded", () => {
    if (document.querySelector(".messagelist .success")) forgetSubmitted();
    const form = document.getElementById("newsitem_form");
    if (!form) return;
    const key = PREFIX + location.pathname;
    form.dataset.unsavedKey = key;
    const version = form.elements.opened_version?.value || "";
    const fields = () => {
      const values = {};
      for (const name of FIELDS) {
        if (form.elements[name]) values[name] = form.elements[name].value;
      }
      return values;
    };
    const apply = (values) => {
      for (const [name, value] of Object.entries(values)) {
        if (form.elements[name]) {
          form.elements[name].value = value;
          form.elements[name].dispatchEvent(new Event("input", { bubbles: true }));
        }
      }
    };
    let dirty = false;
    let submitting = false;

    const copy = read(key);
    if (copy && copy.version !== version) {
      localStorage.removeItem(key);  // saved since: the copy is history
    } else if (copy && Object.entries(copy.fields).some(([name, value]) => fields()[name] !== value)) {
      offer(form, copy, apply);
    }

    form.addEventListener("input", () => {
      dirty = true;
      localStorage.setItem(key, JSON.stringify({ version, at: Date.now(), fields: fields() }));
    });
    form.addEventListener("submit", () => {
      submitting = true;
      const saved = read(key);
      if (saved) localStorage.setItem(key, JSON.stringify({ ...saved, submitted: true }));
    });
    window.addEventListener("beforeunload", (event) => {
      if (dirty && !submitting) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  });
})();
