// Ceremony: one slide at a time, driven by the keyboard (→, space, PageDown; ←, PageUp; Home, End; F).
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", function () {
  var slides = Array.prototype.slice.call(document.querySelectorAll(".slide"));
  var position = document.querySelector(".counter .position");
  document.querySelector(".counter .total").textContent = slides.length;
  var index = 0;
  function show(next) {
    index = Math.max(0, Math.min(slides.length - 1, next));
    slides.forEach(function (slide, i) { slide.classList.toggle("current", i === index); });
    position.textContent = index + 1;
  }
  document.addEventListener("keydown", function (event) {
    if (["ArrowRight", " ", "PageDown", "Enter"].indexOf(event.key) >= 0) {
      event.preventDefault();
      show(index + 1);
    } else if (["ArrowLeft", "PageUp", "Backspace"].indexOf(event.key) >= 0) {
      event.preventDefault();
      show(index - 1);
    } else if (event.key === "Home") {
      show(0);
    } else if (event.key === "End") {
      show(slides.length - 1);
    } else if (event.key === "f" || event.key === "F") {
      if (document.fullscreenElement) { document.exitFullscreen(); } else { document.documentElement.requestFullscreen(); }
    }
  });
  document.addEventListener("click", function () { show(index + 1); });
  show(0);
});
