// claimledger review page: keyboard shortcuts only. Every action is also a plain link or form,
// so the pages work without this file.
//   table:  j / k  move the selection,  Enter / o  open it,  /  search
//   claim:  c confirm,  d dispute,  r reject,  n note,  j next unreviewed,  k previous unreviewed
(function () {
  "use strict";
  function typing(e) {
    var t = e.target;
    return t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable);
  }
  function click(id) {
    var el = document.getElementById(id);
    if (el) { el.click(); return true; }
    return false;
  }
  var rows = Array.prototype.slice.call(document.querySelectorAll("#claims tbody tr"));
  var selected = -1;
  function select(i) {
    if (!rows.length) return;
    if (selected >= 0) rows[selected].classList.remove("selected");
    selected = Math.max(0, Math.min(rows.length - 1, i));
    rows[selected].classList.add("selected");
    rows[selected].scrollIntoView({ block: "nearest" });
  }
  var reviewer = document.getElementById("reviewer");
  if (reviewer) {
    try {
      reviewer.value = window.localStorage.getItem("claimledger.reviewer") || "";
      reviewer.addEventListener("change", function () {
        window.localStorage.setItem("claimledger.reviewer", reviewer.value);
      });
    } catch (err) { /* storage disabled: the field stays empty */ }
  }
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e)) return;
    var done = false;
    if (rows.length) {
      if (e.key === "j") { select(selected + 1); done = true; }
      else if (e.key === "k") { select(selected - 1); done = true; }
      else if ((e.key === "Enter" || e.key === "o") && selected >= 0) {
        var a = rows[selected].querySelector("a");
        if (a) { a.click(); done = true; }
      }
    } else if (document.getElementById("review")) {
      if (e.key === "c") done = click("confirm");
      else if (e.key === "d") done = click("dispute");
      else if (e.key === "r") done = click("reject");
      else if (e.key === "j") done = click("next-unreviewed");
      else if (e.key === "k") done = click("prev-unreviewed");
      else if (e.key === "n") {
        var note = document.getElementById("review-note");
        if (note) { note.focus(); done = true; }
      }
    }
    if (e.key === "/") {
      var q = document.getElementById("search");
      if (q) { q.focus(); done = true; }
    }
    if (done) e.preventDefault();
  });
  document.documentElement.setAttribute("data-js", "on");
})();
