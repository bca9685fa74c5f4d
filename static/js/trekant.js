// After a failed submit, move focus to the error summary so keyboard and screen-reader users
// land on what to fix (Aksel's ErrorSummary does this in React).
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
});

// "Skriv ut" links print the page (the Content-Security-Policy forbids inline handlers); without
// JavaScript they lead to the print view.
document.addEventListener("click", (event) => {
  const link = event.target.closest("[data-print]");
  if (!link) return;
  event.preventDefault();
  window.print();
});
