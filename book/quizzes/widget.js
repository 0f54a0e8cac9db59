(function () {
  /* One self-check quiz: the questions arrive base64-encoded (UTF-8 JSON) so that neither the
     page nor the notebook shows the answers before the reader chooses; choices are shuffled
     each time the quiz is drawn. Choices are buttons, so a keyboard or a screen reader works. */
  var script = document.currentScript;
  var root = script && script.parentNode && script.parentNode.classList.contains("pbq")
    ? script.parentNode : document.querySelector(".pbq:not([data-ready])");
  if (!root || root.getAttribute("data-ready")) return;
  root.setAttribute("data-ready", "1");
  var bytes = Uint8Array.from(atob(root.getAttribute("data-q")), function (c) { return c.charCodeAt(0); });
  var quiz = JSON.parse(new TextDecoder("utf-8").decode(bytes));
  window.pbqCount = (window.pbqCount || 0) + 1;
  var prefix = "pbq" + window.pbqCount + "-";
  function el(tag, cls, html) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (html !== undefined) e.innerHTML = html;
    return e;
  }
  function shuffle(list) {
    for (var i = list.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1)), t = list[i];
      list[i] = list[j]; list[j] = t;
    }
    return list;
  }
  var fallback = root.querySelector(".pbq-nojs");
  if (fallback) fallback.remove();
  quiz.questions.forEach(function (q, qi) {
    var box = el("div", "pbq-q");
    var labelId = prefix + (qi + 1);
    box.setAttribute("role", "group");
    box.setAttribute("aria-labelledby", labelId);
    var num = el("p", "pbq-num", "문제 " + (qi + 1) + " / " + quiz.questions.length);
    box.appendChild(num);
    var text = el("div", "pbq-text", q.text);
    text.id = labelId;
    box.appendChild(text);
    if (q.code) {
      var pre = el("pre", "pbq-code"), code = el("code");
      code.textContent = q.code;
      pre.appendChild(code);
      box.appendChild(pre);
    }
    var list = el("ul", "pbq-choices");
    var feedback = el("div", "pbq-fb");
    feedback.setAttribute("aria-live", "polite");
    shuffle(q.choices.map(function (c, ci) { return ci; })).forEach(function (ci) {
      var choice = q.choices[ci];
      var item = el("li");
      var button = el("button", "pbq-choice", choice.text);
      button.type = "button";
      button.addEventListener("click", function () {
        var right = choice.right === 1;
        button.setAttribute("data-state", right ? "right" : "wrong");
        var old = button.querySelector(".pbq-mark");
        if (!old) {
          var mark = el("span", "pbq-mark", right ? "✓ 정답" : "✗ 오답");
          button.insertBefore(document.createTextNode(" "), button.firstChild);
          button.insertBefore(mark, button.firstChild);
        }
        var html = "<p><strong>" + (right ? "정답입니다." : "아닙니다.") + "</strong> " + choice.why +
          (right ? "" : " 다른 보기를 골라 보세요.") + "</p>";
        if (right) {
          html += "<p>보기마다의 해설:</p><ul>" + q.choices.map(function (c) {
            return "<li>" + (c.right === 1 ? "(정답) " : "") + c.text + ": " + c.why + "</li>";
          }).join("") + "</ul>";
        }
        feedback.innerHTML = html;
      });
      item.appendChild(button);
      list.appendChild(item);
    });
    box.appendChild(list);
    box.appendChild(feedback);
    root.appendChild(box);
  });
})();
