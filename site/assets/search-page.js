/*
 * The search page: search as you type, results with highlighted snippets that link to the matching
 * section, keyboard navigation, and the query in the URL (search.html?q=…) so it can be shared.
 * Category and product filters (radio buttons, the keys of `kb search --category/--product`) narrow
 * the search as the command line does, are kept in the URL (&category=fix&product=e-sign), and show
 * how many results each choice would give for the current query.
 *
 * Every piece of text is inserted with textContent or createTextNode, never as HTML: a query or an
 * article containing <script> shows as text.
 */
(function () {
  "use strict";

  var DEBOUNCE_MS = 150;
  var PAGE = 10;
  // More than a search can return (it re-ranks at most `rerankDepth` articles): counts are whole.
  var COUNT_LIMIT = 100;
  var FACETS = ["category", "product"];

  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var container = document.getElementById("search-results");
  var suggestions = document.getElementById("search-suggestions");
  if (!form || !input || !window.KBSearch) return;

  // Category and product names as the page's filters show them (one table, in Swift).
  function namesOf(facet) {
    var names = {};
    Array.prototype.forEach.call(form.querySelectorAll('input[name="' + facet + '"]'), function (option) {
      if (option.value) names[option.value] = option.getAttribute("data-name") || option.value;
    });
    return names;
  }
  var CATEGORY = namesOf("category");
  var PRODUCT = namesOf("product");
  // The article an out-of-scope answer points to (kb.yml's `site.start`), if any.
  var START = container.getAttribute("data-start-href")
    ? { href: container.getAttribute("data-start-href"), title: container.getAttribute("data-start-title") } : null;

  var sequence = 0;
  var timer = null;
  var limit = PAGE;
  var lastQuery = null;

  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** The snippet with its highlights as <mark> elements; offsets count code points. */
  function highlighted(text, highlights) {
    var span = element("span", "result-snippet");
    var points = Array.from(text);
    var position = 0;
    highlights.forEach(function (range) {
      if (range[0] > position) span.appendChild(document.createTextNode(points.slice(position, range[0]).join("")));
      span.appendChild(element("mark", null, points.slice(range[0], range[1]).join("")));
      position = range[1];
    });
    if (position < points.length) span.appendChild(document.createTextNode(points.slice(position).join("")));
    return span;
  }

  function choices(name) {
    return Array.prototype.slice.call(form.querySelectorAll('input[name="' + name + '"]'));
  }

  /** The chosen filters, `{category, product}`, each absent when "全部" is chosen. */
  function filters() {
    var chosen = {};
    FACETS.forEach(function (name) {
      var checked = form.querySelector('input[name="' + name + '"]:checked');
      if (checked && checked.value) chosen[name] = checked.value;
    });
    return chosen;
  }

  /** Checks the radio button of a value from the URL; an unknown value leaves "全部". */
  function choose(name, value) {
    var match = choices(name).filter(function (radio) { return radio.value === value; })[0];
    if (match) match.checked = true;
  }

  function setURL(query) {
    try {
      var url = new URL(window.location.href);
      if (query) url.searchParams.set("q", query);
      else url.searchParams.delete("q");
      var chosen = filters();
      FACETS.forEach(function (name) {
        if (chosen[name]) url.searchParams.set(name, chosen[name]);
        else url.searchParams.delete(name);
      });
      window.history.replaceState(null, "", url.toString());
    } catch (error) {
      // Some browsers refuse to change file:// URLs; searching still works.
    }
  }

  function showSuggestions(visible) {
    if (suggestions) suggestions.hidden = !visible;
  }

  function render(response) {
    container.textContent = "";
    var query = response.query.trim();
    shownQuery = query;
    if (response.didYouMean) {
      var note = element("p", "did-you-mean");
      note.appendChild(document.createTextNode("已按读音或拼写相近的词搜索："));
      note.appendChild(element("strong", null, response.didYouMean));
      container.appendChild(note);
    }
    if (response.outOfScope && response.outOfScope.length) {
      // A topic no article answers (content/out-of-scope.yml): say so plainly, and where to go.
      var scope = element("p", "out-of-scope");
      scope.appendChild(document.createTextNode("这里没有关于" + response.outOfScope.map(function (topic) {
        return "「" + topic + "」";
      }).join("、") + "的文章：这类问题请直接问你的服务商。"));
      if (START) {
        scope.appendChild(document.createTextNode("也可以先看"));
        var start = element("a", null, "「" + START.title + "」");
        start.href = START.href;
        scope.appendChild(start);
        scope.appendChild(document.createTextNode("。"));
      }
      container.appendChild(scope);
    }
    var chosen = filters();
    var narrowed = [chosen.category && CATEGORY[chosen.category], chosen.product && PRODUCT[chosen.product]]
      .filter(Boolean).join(" · ");
    var within = narrowed ? "（筛选：" + narrowed + "）" : "";
    if (!response.results.length) {
      status.textContent = "没有找到与「" + query + "」相关的文章" + within + "。";
      var help = element("div", "no-results");
      help.appendChild(element("p", null, "试试换个说法：描述看到的现象（例如“钱没到”“刷卡失败”），" +
        "或写上机器类型（例如“电签POS”），也可以用拼音。下面是大家常问的问题。"));
      container.appendChild(help);
      showSuggestions(true);
      return;
    }
    showSuggestions(false);
    status.textContent = "找到 " + response.results.length + (response.more ? "+" : "") + " 篇与「" + query + "」相关的文章" + within;
    if (!response.confident) container.appendChild(element("p", "low-confidence", "没有找到确切的答案，下面的文章可能有关："));
    var list = element("ol");
    list.setAttribute("aria-label", "搜索结果");
    response.results.forEach(function (result) {
      var item = element("li", "result");
      item.setAttribute("data-id", result.id);
      item.setAttribute("data-category", result.category);
      item.setAttribute("data-products", result.products.join(" "));
      var link = element("a", "result-link");
      link.href = result.url;
      link.appendChild(element("span", "result-title", result.title));
      if (result.section) link.appendChild(element("span", "result-section", "§ " + result.section));
      link.appendChild(highlighted(result.snippet, result.highlights));
      var meta = [CATEGORY[result.category] || result.category].concat(result.products.map(function (p) { return PRODUCT[p] || p; }));
      link.appendChild(element("span", "result-meta", meta.join(" · ")));
      item.appendChild(link);
      if (result.relatedFixes.length) {
        var fixes = element("p", "result-fixes");
        fixes.appendChild(document.createTextNode("对应的解决办法："));
        result.relatedFixes.forEach(function (fix, index) {
          if (index) fixes.appendChild(document.createTextNode("；"));
          var a = element("a", null, fix.title);
          a.href = fix.url;
          a.setAttribute("data-id", fix.id);
          fixes.appendChild(a);
        });
        item.appendChild(fixes);
      }
      list.appendChild(item);
    });
    container.appendChild(list);
    if (response.more) {
      var more = element("button", "more-results", "显示更多结果");
      more.type = "button";
      more.addEventListener("click", function () {
        limit += PAGE;
        run(input.value, true);
      });
      container.appendChild(more);
    }
  }

  function run(query, keepLimit) {
    var text = query.trim();
    if (!keepLimit) limit = PAGE;
    setURL(text);
    var mine = ++sequence;
    if (!text) {
      container.textContent = "";
      status.textContent = "";
      showSuggestions(true);
      lastQuery = "";
      clearCounts();
      return Promise.resolve();
    }
    lastQuery = text;
    container.setAttribute("aria-busy", "true");
    var options = filters();
    options.limit = limit + 1;
    return window.KBSearch.search(text, options).then(function (response) {
      if (mine !== sequence) return;
      response.more = response.results.length > limit;
      response.results = response.results.slice(0, limit);
      render(response);
      countFacets(text, mine);
    }).catch(function (error) {
      if (mine !== sequence) return;
      container.textContent = "";
      status.textContent = "搜索出错：" + error.message;
    }).then(function () {
      if (mine === sequence) {
        container.removeAttribute("aria-busy");
        document.body.setAttribute("data-search-done", String(mine));
      }
    });
  }

  function clearCounts() {
    Array.prototype.forEach.call(form.querySelectorAll(".facet-count"), function (span) { span.textContent = ""; });
  }

  /**
   * Beside each choice, how many results it would give with the other filter as it is (the count a
   * click leads to), one search after another; dropped when a newer search starts.
   */
  function countFacets(text, mine) {
    var chosen = filters();
    var jobs = [];
    FACETS.forEach(function (name) {
      choices(name).forEach(function (radio) {
        var options = { limit: COUNT_LIMIT, category: chosen.category, product: chosen.product };
        options[name] = radio.value || undefined;
        jobs.push({ radio: radio, options: options });
      });
    });
    var chain = Promise.resolve();
    jobs.forEach(function (job) {
      chain = chain.then(function () {
        if (mine !== sequence) return;
        return window.KBSearch.search(text, job.options).then(function (response) {
          if (mine !== sequence) return;
          job.radio.parentNode.querySelector(".facet-count").textContent = "（" + response.results.length + "）";
        });
      });
    });
    return chain.then(function () {
      if (mine === sequence) document.body.setAttribute("data-facets-done", String(mine));
    }).catch(function () { /* counts are a convenience: the results stand without them */ });
  }

  FACETS.forEach(function (name) {
    choices(name).forEach(function (radio) {
      radio.addEventListener("change", function () {
        clearTimeout(timer);
        run(input.value);
      });
    });
  });

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(input.value); }, DEBOUNCE_MS);
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    if (input.value.trim() !== lastQuery) run(input.value);
    else focusResult(0);
  });

  function resultLinks() {
    return Array.prototype.slice.call(container.querySelectorAll(".result-link"));
  }

  function focusResult(index) {
    var links = resultLinks();
    if (!links.length) return;
    index = Math.max(0, Math.min(links.length - 1, index));
    links.forEach(function (link, i) { link.parentNode.classList.toggle("active", i === index); });
    links[index].focus();
  }

  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      focusResult(0);
    } else if (event.key === "Escape") {
      input.value = "";
      run("");
    }
  });

  // The search a reader followed to an article, so that the article's "这篇文章解决你的问题了吗？"
  // vote can say what was searched (feedback.js; Tools/gen_query_model.py --feedback learns from it).
  var TRAIL_KEY = "kb-search-trail";  // read by feedback.js
  var shownQuery = "";
  container.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    if (!link || !shownQuery) return;
    var id = link.getAttribute("data-id") || (link.closest(".result") || link).getAttribute("data-id");
    if (!id) return;
    try {
      window.localStorage.setItem(TRAIL_KEY, JSON.stringify({ id: id, query: shownQuery.slice(0, 200), time: Date.now() }));
    } catch (error) { /* storage off: the vote goes without the query */ }
  });

  container.addEventListener("keydown", function (event) {
    var links = resultLinks();
    var index = links.indexOf(document.activeElement);
    if (index < 0) return;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      focusResult(index + 1);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      if (index === 0) {
        links[0].parentNode.classList.remove("active");
        input.focus();
      } else {
        focusResult(index - 1);
      }
    } else if (event.key === "Escape") {
      input.focus();
    }
  });

  var parameters = new URLSearchParams(window.location.search);
  var initial = parameters.get("q") || "";
  FACETS.forEach(function (name) { choose(name, parameters.get(name) || ""); });
  input.value = initial;
  if (initial) run(initial);
  else {
    showSuggestions(true);
    document.body.setAttribute("data-search-done", "0");
  }
  input.focus();
})();
