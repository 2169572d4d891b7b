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

// Voting: cast and withdraw in place. Without JavaScript the forms post and the page reloads.
document.addEventListener("DOMContentLoaded", function () {
  var left = document.querySelector(".votes-left");
  var status = document.querySelector(".vote-message");
  document.querySelectorAll(".vote-form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("button");
      button.disabled = true;
      fetch(form.action, {method: "POST", body: new FormData(form), credentials: "same-origin",
                          headers: {"Accept": "application/json"}})
        .then(function (response) { return response.json(); })
        .then(function (data) {
          status.textContent = data.message;
          if (data.ok) {
            var card = form.closest(".ballot-card");
            card.classList.toggle("voted", data.voted);
            form.action = data.voted ? form.dataset.withdraw : form.dataset.cast;
            button.firstChild.textContent = data.voted ? button.dataset.labelWithdraw : button.dataset.labelCast;
            button.setAttribute("aria-pressed", data.voted ? "true" : "false");
            button.classList.toggle("primary", !data.voted);
            button.classList.toggle("voted", data.voted);
          }
          if (left && data.votes_left_text) {
            left.textContent = data.votes_left_text;
          }
        })
        .catch(function () { form.submit(); })
        .finally(function () { button.disabled = false; });
    });
  });
});

// Cheers toggle in place; without JavaScript the form posts and the page reloads.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".cheer-form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("button");
      fetch(form.action, {method: "POST", body: new FormData(form), credentials: "same-origin",
                          headers: {"Accept": "application/json"}})
        .then(function (response) { return response.json(); })
        .then(function (data) {
          button.setAttribute("aria-pressed", data.cheering ? "true" : "false");
          form.querySelector(".cheer-count").textContent = data.count;
        })
        .catch(function () { form.submit(); });
    });
  });
});
