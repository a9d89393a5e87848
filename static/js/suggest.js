/* Member suggestions for any input with data-suggest: as a name is typed, the matching members
   fill the input's <datalist> (value: the member's address, shown with their name and seat).
   Without JavaScript the box still takes a member's address, and "speaker:Name" still works. */
(function () {
  "use strict";
  function attach(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var pending = null;
    input.addEventListener("input", function () {
      var text = input.value.trim();
      if (text.length < 2 || pending) { return; }
      pending = setTimeout(function () {
        pending = null;
        fetch(input.dataset.suggest + "?q=" + encodeURIComponent(input.value.trim()))
          .then(function (response) { return response.ok ? response.json() : { members: [] }; })
          .then(function (data) {
            list.replaceChildren.apply(list, data.members.map(function (member) {
              var option = document.createElement("option");
              option.value = member.slug;
              option.textContent = member.name + (member.label ? ", " + member.label : "");
              return option;
            }));
          })
          .catch(function () { /* suggestions are a convenience; typing still works */ });
      }, 150);
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-suggest][list]").forEach(attach);
  });
})();
