/*
 * kb browser search, part 2 of 4: the index as script files (see Sources/KBSite/Search). Loads a
 * file once with a <script> tag (file:// allows no fetch), reads the shards a query needs, and
 * decodes document sets and postings. Nothing read here is ever inserted as HTML.
 */
(function (global) {
  "use strict";

  var KB = global.KBSearchInternals;
  var DATA = KB.DATA;
  var own = Object.prototype.hasOwnProperty;

  // ---------------------------------------------------------------- loading

  /** The folder of the index, from the script tag that loaded meta.js. */
  var indexBase = (function () {
    if (!global.document) return "";
    var scripts = global.document.getElementsByTagName("script");
    for (var i = 0; i < scripts.length; i++) {
      var src = scripts[i].getAttribute("src") || "";
      var at = src.lastIndexOf("meta.js");
      if (at >= 0 && at === src.length - 7) return src.slice(0, at);
    }
    return "_search/";
  })();

  var pending = {};

  /** Loads `_search/NAME.js` once, resolving with what it registered. */
  function load(name) {
    if (own.call(DATA, name)) return Promise.resolve(DATA[name]);
    if (pending[name]) return pending[name];
    pending[name] = new Promise(function (resolve, reject) {
      var script = global.document.createElement("script");
      script.src = indexBase + name + ".js";
      script.async = true;
      script.onload = function () {
        script.parentNode.removeChild(script);
        if (!own.call(DATA, name)) {
          reject(new Error("index file " + name + ".js did not register"));
          return;
        }
        resolve(DATA[name]);
      };
      script.onerror = function () {
        script.parentNode.removeChild(script);
        delete pending[name];
        reject(new Error("cannot load the search index file " + name + ".js (rebuild the site with kb build)"));
      };
      global.document.head.appendChild(script);
    });
    return pending[name];
  }

  function loadAll(names) {
    return Promise.all(names.map(load));
  }

  // ---------------------------------------------------------------- shards

  var encoder = new TextEncoder();

  /** ShardHash: FNV-1a over UTF-8, 32 bits, modulo a power of two. */
  function shardOf(text, count) {
    var bytes = encoder.encode(text);
    var hash = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      hash ^= bytes[i];
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash & (count - 1);
  }

  function shardName(prefix, key) { return prefix + "/" + shardOf(key, KB.rules().meta.shards[prefix]); }

  /** Loads the shards (`t`, `y`, `x`, `r`) holding `keys`. */
  function loadShards(prefix, keys) {
    var names = Array.from(new Set(keys.map(function (key) { return shardName(prefix, key); })));
    return loadAll(names);
  }

  /** The loaded shard holding `key`. */
  function shardFor(prefix, key) {
    var shard = DATA[shardName(prefix, key)];
    if (!shard) throw new Error("index shard for " + key + " was not loaded");
    return shard;
  }

  // ---------------------------------------------------------------- encodings

  var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var DIGIT = {};
  for (var a = 0; a < ALPHABET.length; a++) DIGIT[ALPHABET.charCodeAt(a)] = a;

  /** Reads the varints and bit groups of IndexEncoding. */
  function Reader(text, at) { this.text = text; this.at = at || 0; }
  Reader.prototype.more = function () { return this.at < this.text.length; };
  Reader.prototype.digit = function () { return DIGIT[this.text.charCodeAt(this.at++)]; };
  Reader.prototype.varint = function () {
    var value = 0, shift = 1, d;
    do {
      d = this.digit();
      value += (d & 31) * shift;
      shift *= 32;
    } while (d & 32);
    return value;
  };
  Reader.prototype.bits = function () {
    var positions = [], group = 0, d;
    do {
      d = this.digit();
      for (var bit = 0; bit < 5; bit++) if (d & (1 << bit)) positions.push(group * 5 + bit);
      group += 1;
    } while (d & 32);
    return positions;
  };

  /**
   * A set of IndexEncoding.documentSet (or .subset, given the parent's members), as a byte per
   * document number up to `maxDocument`, and its members.
   */
  function decodeSet(text, maxDocument, parentMembers) {
    var set = new Uint8Array(maxDocument + 1);
    var members = [];
    var mode = text.charAt(0);
    var reader = new Reader(text, 1);
    var doc = 0;
    if (mode === "d") {
      while (reader.more()) { doc += reader.varint(); members.push(doc); }
    } else if (mode === "c") {
      var last = reader.varint();
      var excluded = new Uint8Array(last + 1);
      while (reader.more()) { doc += reader.varint(); excluded[doc] = 1; }
      for (var d = 1; d <= last; d++) if (!excluded[d]) members.push(d);
    } else {
      for (var i = 1; i < text.length; i++) {
        var bits = DIGIT[text.charCodeAt(i)];
        for (var b = 0; b < 6; b++) {
          if (!(bits & (1 << b))) continue;
          var index = (i - 1) * 6 + b;
          members.push(mode === "s" ? parentMembers[index] : index);
        }
      }
    }
    members.forEach(function (m) { if (m <= maxDocument) set[m] = 1; });
    return { set: set, members: members };
  }

  /** Postings: document, field mask, count and document length per field present, sections. */
  function decodePostings(text) {
    var fieldCount = KB.rules().fieldCount;
    var reader = new Reader(text);
    var doc = 0;
    var out = [];
    while (reader.more()) {
      doc += reader.varint();
      var mask = reader.digit();
      var counts = new Array(fieldCount).fill(0);
      var lengths = new Array(fieldCount).fill(0);
      for (var field = 0; field < fieldCount; field++) {
        if (mask & (1 << field)) {
          counts[field] = reader.varint();
          lengths[field] = reader.varint();
        }
      }
      out.push({ document: doc, mask: mask, counts: counts, lengths: lengths, sections: reader.bits() });
    }
    return out;
  }

  /** The states of the documents table: 0 no document, 1 an article, 2 an article in an answer category. */
  var STATES = null;

  function documentState(doc) {
    if (!STATES) {
      var text = KB.rules().meta.documents;
      STATES = new Uint8Array(text.length * 3);
      for (var i = 0; i < text.length; i++) {
        var value = DIGIT[text.charCodeAt(i)];
        for (var k = 0; k < 3; k++) STATES[i * 3 + k] = (value >> (2 * k)) & 3;
      }
    }
    return doc < STATES.length ? STATES[doc] : 0;
  }

  /**
   * Which documents a search keeps under `{category, product}` (either may be absent), from the
   * facets table (FacetTable, `facets.js`, loaded by the first filtered search): resolves with a
   * test of a document number, or null when nothing is filtered. Unknown names keep nothing, as
   * `kb search` refuses them.
   */
  var FACETS = null;

  async function facetFilter(options) {
    var category = options && options.category, product = options && options.product;
    if (!category && !product) return null;
    var meta = KB.rules().meta;
    if (!FACETS) {
      var table = await load("facets");
      FACETS = new Uint8Array(table.length);
      for (var i = 0; i < table.length; i++) FACETS[i] = DIGIT[table.charCodeAt(i)];
    }
    var categoryIndex = category ? meta.facetNames.categories.indexOf(category) : -1;
    var productIndex = product ? meta.facetNames.products.indexOf(product) : -1;
    if ((category && categoryIndex < 0) || (product && productIndex < 0)) return function () { return false; };
    return function (doc) {
      var value = doc < FACETS.length ? FACETS[doc] : 0;
      if (value === 0) return false;
      value -= 1;
      if (category && (value >> 3) !== categoryIndex) return false;
      if (product && (value & (1 << productIndex)) === 0) return false;
      return true;
    };
  }

  // ---------------------------------------------------------------- terms

  /** FrequentTerm.key: a term's UTF-8 bytes in hex. */
  function termKey(term) {
    var bytes = encoder.encode(term);
    var key = "";
    for (var i = 0; i < bytes.length; i++) key += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
    return key;
  }

  /** Term shard entries: [df, postings] for rare terms, [df] for frequent ones; null when absent. */
  function termEntries(list) {
    return loadShards("t", list).then(function () {
      return list.map(function (term) {
        var shard = shardFor("t", term);
        return own.call(shard, term) ? shard[term] : null;
      });
    });
  }

  /** The index as `kb search`'s Vocabulary. */
  var Vocabulary = {
    documentCount: function () { return KB.rules().meta.documentCount; },

    documentFrequencies: function (list) {
      return termEntries(list).then(function (entries) {
        return entries.map(function (entry) { return entry ? entry[0] : 0; });
      });
    },

    /** Indexed terms read as `key`, most frequent first (IndexReader.terms(withPinyin:limit:)). */
    termsWithPinyin: function (key, limit) {
      return loadShards("y", [key]).then(function () {
        var shard = shardFor("y", key);
        var list = own.call(shard, key) ? shard[key] : [];
        return list.slice(0, limit).map(function (pair) { return { term: pair[0], documentFrequency: pair[1] }; });
      });
    },

    /** Indexed words within one edit of `word`, most frequent first (IndexReader.words(withinOneEditOf:)). */
    wordsWithinOneEdit: function (word, limit) {
      var length = encoder.encode(word).length;
      var lengths = KB.rules().meta.wordLengths;
      var names = [length - 1, length, length + 1].filter(function (n) { return lengths.indexOf(n) >= 0; })
        .map(function (n) { return "w/" + n; });
      return loadAll(names).then(function (tables) {
        var found = [];
        tables.forEach(function (table) {
          Object.keys(table).forEach(function (term) {
            if (term !== word && KB.isWithinOneEdit(term, word)) found.push({ term: term, documentFrequency: table[term] });
          });
        });
        found.sort(function (x, y) {
          return y.documentFrequency - x.documentFrequency || (x.term < y.term ? -1 : x.term > y.term ? 1 : 0);
        });
        return found.slice(0, limit);
      });
    },
  };

  // ---------------------------------------------------------------- postings of one query token

  /**
   * What a search knows of one plan token: the documents holding it, those where it is topical
   * (outside the body) or in the title, and, document by document, its posting once loaded. A
   * frequent term's postings come in groups of bands of falling impact (the first group in its
   * head); `bound` is the highest saturation a posting not loaded yet can have.
   */
  function TokenState(term, maxDocument) {
    this.term = term;
    this.maxDocument = maxDocument;
    this.documents = null;
    this.topical = null;
    this.titles = null;
    this.anyTopical = false;
    this.postings = new Map();
    // Band + 1 of each document's posting (0: not known), for postings not loaded yet.
    this.bandOf = null;
    this.groups = [];
    this.nextGroup = 0;
    this.bound = 0;
  }

  TokenState.prototype.absorb = function (postings) {
    var self = this;
    postings.forEach(function (p) { self.postings.set(p.document, p); });
  };

  TokenState.prototype.complete = function () { return this.nextGroup >= this.groups.length; };

  TokenState.prototype.updateBound = function () {
    var floors = KB.rules().meta.layout.bandFloors;
    // A group's first band b holds impacts below the floor of band b - 1 (band 0: at most 1).
    var first = this.complete() ? -1 : this.groups[this.nextGroup][0];
    this.bound = first < 0 ? 0 : first === 0 ? 1 : floors[first - 1];
  };

  /** The file names of the next group to load (FrequentTerm.fileNames). */
  TokenState.prototype.nextGroupFiles = function () {
    var group = this.groups[this.nextGroup];
    var base = "p/" + termKey(this.term) + "." + group[0];
    return group.length > 3 ? group[3].map(function (part) { return base + "." + part; }) : [base];
  };

  /** About how many bytes the next group's files hold (a posting takes some nine characters). */
  TokenState.prototype.nextBandCost = function () {
    if (this.complete()) return Infinity;
    return this.groups[this.nextGroup][2] * 9 + 60 * this.nextGroupFiles().length;
  };

  /**
   * The saturation a posting of band `band` can have, as [low, high]. Bands were assigned with
   * averages rounded up (IndexLayout.averageSteps): the saturation computed with the real ones is
   * below the band's ceiling, and above its floor lowered by the rounding's largest ratio.
   */
  function bandRange(band) {
    var r = KB.rules();
    var layout = r.meta.layout;
    var floors = layout.bandFloors;
    var high = band === 0 ? 1 : floors[band - 1];
    if (band >= floors.length) return [0, high];
    if (!r.roundingRatio) {
      r.roundingRatio = 1;
      r.meta.averageFieldLengths.forEach(function (average, field) {
        r.roundingRatio = Math.max(r.roundingRatio, layout.layoutAverages[field] / Math.max(average, 1));
      });
    }
    var k1 = r.parameters.k1, floor = floors[band];
    var weighted = k1 * floor / ((1 - floor) * r.roundingRatio);
    return [weighted / (k1 + weighted) * (1 - 1e-9), high];
  }

  TokenState.prototype.range = function (doc) {
    var band = this.bandOf ? this.bandOf[doc] : 0;
    return band ? bandRange(band - 1) : [0, this.bound];
  };

  /** Loads the next group of a frequent term. */
  TokenState.prototype.loadNextBand = function () {
    var self = this;
    return loadAll(this.nextGroupFiles()).then(function (texts) {
      texts.forEach(function (text) { self.absorb(decodePostings(text)); });
      self.nextGroup += 1;
      self.updateBound();
    });
  };

  /** Opens a plan token from its term entry: a rare term's postings, or a frequent term's head. */
  function openToken(term, entry) {
    var maxDocument = KB.rules().meta.maxDocument;
    var state = new TokenState(term, maxDocument);
    if (entry.length > 1) {
      var field = KB.rules().field;
      var postings = decodePostings(entry[1]);
      state.documents = new Uint8Array(maxDocument + 1);
      state.topical = new Uint8Array(maxDocument + 1);
      state.titles = new Uint8Array(maxDocument + 1);
      postings.forEach(function (p) {
        state.documents[p.document] = 1;
        if (p.mask & ~(1 << field.body)) { state.topical[p.document] = 1; state.anyTopical = true; }
        if (p.mask & (1 << field.title)) state.titles[p.document] = 1;
      });
      state.absorb(postings);
      return Promise.resolve(state);
    }
    return load("p/" + termKey(term)).then(function (head) {
      var documents = decodeSet(head.docs, maxDocument);
      var topical = decodeSet(head.topical, maxDocument, documents.members);
      var titles = decodeSet(head.title, maxDocument, topical.members);
      state.documents = documents.set;
      state.topical = topical.set;
      state.titles = titles.set;
      state.anyTopical = topical.members.length > 0;
      state.bandOf = new Uint8Array(maxDocument + 1);
      for (var i = 0; i < head.bands.length; i++) {
        var pair = DIGIT[head.bands.charCodeAt(i)];
        if (2 * i < documents.members.length) state.bandOf[documents.members[2 * i]] = (pair & 7) + 1;
        if (2 * i + 1 < documents.members.length) state.bandOf[documents.members[2 * i + 1]] = (pair >> 3) + 1;
      }
      state.groups = head.groups;
      if (head.first !== undefined) {
        state.absorb(decodePostings(head.first));
        state.nextGroup = 1;
      }
      state.updateBound();
      return state;
    });
  }

  /** Only the title set of a term (for the title-bonus test), without opening it for scoring. */
  function openTitles(term, entry) {
    if (entry.length > 1) return openToken(term, entry);
    var maxDocument = KB.rules().meta.maxDocument;
    return load("p/" + termKey(term)).then(function (head) {
      var documents = decodeSet(head.docs, maxDocument);
      var topical = decodeSet(head.topical, maxDocument, documents.members);
      return { titles: decodeSet(head.title, maxDocument, topical.members).set };
    });
  }

  /** A document's own file, once the rules can fold its text (an article may quote Traditional script). */
  function documentRecord(doc) {
    return load("d/" + doc).then(function (record) {
      var texts = [record.title, record.summary].concat(record.symptoms, record.tags);
      record.sections.forEach(function (section) { texts.push(section[0] || "", section[3]); });
      return KB.prepareFolding(texts.join("\n")).then(function () { return record; });
    });
  }

  KB.load = load;
  KB.loadShards = loadShards;
  KB.shardFor = shardFor;
  KB.Vocabulary = Vocabulary;
  KB.termEntries = termEntries;
  KB.openToken = openToken;
  KB.openTitles = openTitles;
  KB.documentRecord = documentRecord;
  KB.documentState = documentState;
  KB.facetFilter = facetFilter;
  KB.loadedFiles = function () { return Object.keys(DATA); };
})(typeof window !== "undefined" ? window : this);
