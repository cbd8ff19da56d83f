// The new-assessment form offers only the chosen challenge's stacks. Without JavaScript every stack is
// listed and the server refuses one the challenge does not take, saying which it takes.
(function () {
  "use strict";
  function apply(select, offered) {
    var allowed = offered[select.value] || [];
    document.querySelectorAll("label[data-stack]").forEach(function (label) {
      var input = label.querySelector("input");
      var shown = allowed.indexOf(label.getAttribute("data-stack")) !== -1;
      label.hidden = !shown;
      input.disabled = !shown;
      if (!shown) { input.checked = false; }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var data = document.getElementById("challenge-stacks");
    var select = document.getElementById("id_challenge");
    if (!data || !select) { return; }
    var offered = JSON.parse(data.textContent);
    select.addEventListener("change", function () { apply(select, offered); });
    apply(select, offered);
  });
})();
