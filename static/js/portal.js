// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // Move focus to a form's error summary so keyboard and screen-reader users hear it first.
  var summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
    // Each listed error links to its field: focus the field, with its label (or fieldset) in view.
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var field = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!field) {
        return;
      }
      event.preventDefault();
      var label = document.querySelector("label[for='" + field.id + "']") || field.closest("fieldset");
      (label || field).scrollIntoView();
      field.focus({preventScroll: true});
    });
  }
});

// What folds on phones (the header's menu, the filters) is open on wider screens; on a phone it keeps
// the state the page came with until pressed.
document.addEventListener("DOMContentLoaded", function () {
  var wide = window.matchMedia("(min-width: 48rem)");
  document.querySelectorAll("details[data-wide-open]").forEach(function (details) {
    var initial = details.open;
    function fit() { details.open = wide.matches || initial; }
    fit();
    wide.addEventListener("change", fit);
  });
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
  // After a vote in place: the other buttons of a spent category, its tab and the progress line.
  function showProgress(votesLeft) {
    var ballot = document.querySelector(".ballot");
    var spent = votesLeft === 0;
    ballot.classList.toggle("spent", spent);
    ballot.querySelectorAll(".ballot-card").forEach(function (card) {
      var other = card.querySelector(".vote-form button");
      if (other) { other.disabled = spent && !card.classList.contains("voted"); }
    });
    var tab = document.querySelector(".category-tabs a[aria-current=page]");
    var cast = Number(left.dataset.limit) - votesLeft;
    tab.classList.toggle("done", cast > 0);
    tab.classList.toggle("not-yet", cast === 0);
    var progress = document.querySelector(".vote-progress");
    progress.textContent = JSON.parse(progress.dataset.texts)[document.querySelectorAll(".category-tabs a.done").length];
  }
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
          // Refused answers carry the votes left too (say, votes used in another tab).
          if (typeof data.votes_left === "number") { showProgress(data.votes_left); }
        })
        .catch(function () { form.submit(); })
        .finally(function () {
          var card = form.closest(".ballot-card");
          button.disabled = document.querySelector(".ballot").classList.contains("spent") &&
            !card.classList.contains("voted");
        });
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
