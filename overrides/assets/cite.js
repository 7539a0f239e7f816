// Citing a paragraph, and keeping it across editions.
// - The ¶ after a paragraph still links to it; a click also copies the document's
//   citation (pre.citation on the page) with this paragraph's address and number.
// - The language switcher keeps the paragraph the reader is on (#p7).
// Event delegation on document, so Material's instant navigation needs no re-binding.
(function () {
  "use strict";

  function paragraphCitation(anchor) {
    var base = document.querySelector("pre.citation code");
    var para = anchor.closest("[id]");
    if (!base || !para) return null;
    var address = new URL("#" + para.id, location.href).href;
    // The citation ends with the digest page's address: cite the paragraph's instead.
    return base.textContent.trim().replace(/\S+$/, address) + " ¶" + para.id.replace(/^p/, "");
  }

  function flash(anchor, message) {
    anchor.setAttribute("data-copied", message);
    window.setTimeout(function () { anchor.removeAttribute("data-copied"); }, 1800);
  }

  document.addEventListener("click", function (event) {
    var anchor = event.target.closest && event.target.closest(".para-anchor");
    if (anchor) {
      var text = paragraphCitation(anchor);
      var pre = document.querySelector("pre.citation");
      if (text && navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () {
          flash(anchor, pre ? pre.getAttribute("data-copied") : "✓");
        }, function () { /* no permission: the link still works */ });
      }
      return;
    }
    var edition = event.target.closest && event.target.closest(".md-select__link[data-edition]");
    if (edition && location.hash) {
      edition.href = edition.href.split("#")[0] + location.hash;
    }
  });
})();
