// Optional: submit the newsroom filter form as soon as a checkbox or the sort order
// changes, and say so first (WCAG 3.2.2). Without JavaScript "Apply filters" does the same.
document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
  var note = document.createElement("p");
  note.className = "autosubmit-note";
  note.textContent = "Results update as soon as you tick a box or change the sort order.";
  form.insertBefore(note, form.querySelector("h2").nextSibling);
  form.addEventListener("change", function (event) {
    if (event.target.matches("input[type=checkbox], select")) {
      form.submit();
    }
  });
});
