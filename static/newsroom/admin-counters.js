// Live character counts under fields that carry data-soft-limit (title, lead).
// The server warns too on save; without JavaScript nothing is lost.
document.addEventListener("DOMContentLoaded", () => {
  for (const field of document.querySelectorAll("[data-soft-limit]")) {
    const limit = Number(field.dataset.softLimit);
    const counter = document.createElement("div");
    counter.className = "soft-limit-counter";
    counter.setAttribute("aria-live", "polite");
    const help = document.getElementById(`${field.id}_helptext`);
    if (help) {
      help.prepend(counter);
    } else {
      field.insertAdjacentElement("afterend", counter);
    }
    const update = () => {
      const length = field.value.length;
      counter.textContent = `${length} / ${limit} characters`;
      counter.classList.toggle("soft-limit-counter--over", length > limit);
    };
    field.addEventListener("input", update);
    update();
  }
});
