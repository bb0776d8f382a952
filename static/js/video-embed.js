// Click-to-load videos (newsroom/embeds.py): nothing is requested from YouTube or Vimeo
// until the visitor presses the button. Without JavaScript the placeholder is a link.
(function () {
  "use strict";

  function play(figure, button) {
    const frame = document.createElement("iframe");
    frame.className = "video-embed-frame";
    frame.src = figure.dataset.player;
    frame.title = figure.dataset.title;
    frame.allow = "autoplay; encrypted-media; fullscreen; picture-in-picture";
    frame.allowFullscreen = true;
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    button.replaceWith(frame);
    frame.focus();
  }

  document.querySelectorAll("[data-video-embed]").forEach(function (figure) {
    const link = figure.querySelector(".video-embed-link");
    if (!link || !figure.dataset.player) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "video-embed-button";
    button.append(...link.childNodes);
    button.querySelector(".video-embed-label").textContent = "Play video: " + figure.dataset.title;
    button.addEventListener("click", function () {
      play(figure, button);
    });
    link.replaceWith(button);
  });
})();
