// After a failed submit, move focus to the error summary so keyboard and screen-reader users
// land on what to fix (Aksel's ErrorSummary does this in React).
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
});
