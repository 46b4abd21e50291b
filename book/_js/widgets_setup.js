// Set up the page for the offline Jupyter widgets manager (loaded right after this).
//
// 1. Tell RequireJS where the local copy of the manager lives. The manager's bundle
//    finds its own fonts relative to the URL RequireJS gives its module
//    "@jupyter-widgets/html-manager/dist/libembed-amd". Without this mapping that URL
//    is resolved against the page, and every font request is a 404. This script sits
//    in _static/ next to the html-manager/ folder, so its own address gives the folder.
//    The explorers' lookup widget is an anywidget: its AMD module is mapped the same way
//    (otherwise the manager would fetch it from a CDN).
//
// 2. Let the manager typeset widget labels with MathJax 3. The manager (1.0.x) calls
//    the MathJax 2 API, MathJax.Hub.Queue(["Typeset", MathJax.Hub, element]), whenever
//    window.MathJax exists, and MathJax 3 has no Hub: every widget would throw. The
//    small Hub below hands the element to MathJax 3 instead, queued behind MathJax's
//    own start-up typesetting. On a page with math, Sphinx writes the MathJax
//    configuration object (window.MathJax = {...}) before this script and loads
//    MathJax itself with `defer`, so MathJax starts after this script has run.
(function () {
  "use strict";

  var here = document.currentScript.src;
  window.requirejs.config({
    paths: {
      "@jupyter-widgets/html-manager/dist": new URL("html-manager", here).href,
      anywidget: new URL("anywidget/index", here).href, // the explorers' lookup widget
    },
  });

  var config = window.MathJax;
  if (!config || config.Hub) return; // no math on this page, or MathJax 2
  var waiting = [];

  function typeset(elements) {
    var mathjax = window.MathJax;
    mathjax.startup.promise = mathjax.startup.promise.then(function () {
      return mathjax.typesetPromise(elements);
    });
  }

  var hub = {
    Queue: function (job) {
      var element = Array.isArray(job) ? job[2] : null;
      if (!element) return;
      var mathjax = window.MathJax;
      if (mathjax && mathjax.startup && mathjax.typesetPromise) typeset([element]);
      else waiting.push(element); // MathJax 3 has not started yet
    },
  };

  if (config.version) {
    config.Hub = hub; // MathJax 3 already running
    return;
  }
  config.Hub = hub; // calls made before MathJax 3 starts are collected
  config.startup = config.startup || {};
  var ready = config.startup.ready;
  config.startup.ready = function () {
    if (ready) ready();
    else window.MathJax.startup.defaultReady();
    window.MathJax.Hub = hub;
    if (waiting.length) typeset(waiting.splice(0));
  };
})();
