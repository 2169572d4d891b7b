// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // Move focus to a form's error summary so keyboard and screen-reader users hear it first.
  var summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
  }
});

// Nominee picker: suggestions while typing. Without JavaScript the Search button does the same.
document.addEventListener("DOMContentLoaded", function () {
  var picker = document.querySelector(".people-picker");
  if (!picker) {
    return;
  }
  var input = picker.querySelector("input[name=person_search]");
  var live = picker.querySelector(".people-live");
  var timer = null;
  function keepTicked() {
    var ticked = live.querySelectorAll("input[name=nominees]:checked");
    if (!ticked.length) {
      return;
    }
    var selected = picker.querySelector(".people-results.selected");
    if (!selected) {
      selected = document.createElement("fieldset");
      selected.className = "people-results selected";
      var legend = document.createElement("legend");
      legend.textContent = picker.dataset.selectedLegend || "";
      selected.appendChild(legend);
      picker.insertBefore(selected, picker.firstChild);
    }
    ticked.forEach(function (box) {
      selected.appendChild(box.closest("label"));
    });
  }
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      var query = input.value.trim();
      if (!query || (query.length < 2 && /^[\x00-\x7F]*$/.test(query))) {
        return;
      }
      fetch(picker.dataset.peopleUrl + "?q=" + encodeURIComponent(query), {credentials: "same-origin"})
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (html) {
          keepTicked();
          var taken = {};
          picker.querySelectorAll(".people-results.selected input[name=nominees]").forEach(function (box) {
            taken[box.value] = true;
          });
          live.innerHTML = html;
          live.querySelectorAll("input[name=nominees]").forEach(function (box) {
            if (taken[box.value]) {
              box.closest("label").remove();
            }
          });
        });
    }, 250);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault();
    }
  });

  // Show the team picker for team categories and the people picker for the others.
  var teamPicker = document.querySelector(".team-picker");
  function showPicker() {
    var chosen = document.querySelector("input[name=category]:checked");
    var team = chosen && chosen.dataset.kind === "team";
    teamPicker.hidden = !team;
    picker.hidden = !!chosen && team;
  }
  document.querySelectorAll("input[name=category]").forEach(function (radio) {
    radio.addEventListener("change", showPicker);
  });
  showPicker();
});
