// Material's storage helpers (__md_scope, __md_hash, __md_get, __md_set), as a file so pages need
// no inline script under the site's Content-Security-Policy. Same names and signatures as
// Material's, so its bundle keeps working. Unlike the stock ones, a corrupt value (say
// "__palette") can't throw on every page: unreadable values are set aside under
// "<key>.set-aside" and read as "nothing stored"; storage that throws (sandboxed or cross-site
// frames) reads as empty.
(function () {
  "use strict";
  const script = document.currentScript;
  // The template puts Material's scope (extra.scope or the page's base_url) on the tag. As
  // Zensical's own helper does, the scope is a folder: a base_url of ".." must not read as a file.
  let scope = new URL((script && script.dataset.mdScope) || ".", location);
  if (!scope.pathname.endsWith("/")) scope = new URL(scope.pathname + "/", location);
  // Zensical's bundle reads this (keyboard shortcut hints); Material ignores it.
  document.documentElement.setAttribute("data-platform", navigator.platform);

  function isValid(key, value) {
    if (key !== "__palette" || value === null) return true;
    return (
      typeof value === "object" &&
      typeof value.index === "number" &&
      typeof value.color === "object" &&
      value.color !== null &&
      Object.values(value.color).every(function (part) {
        return typeof part === "string";
      })
    );
  }

  window.__md_scope = scope;
  window.__md_hash = function (text) {
    return Array.from(text).reduce(function (hash, char) {
      return (hash << 5) - hash + char.charCodeAt(0);
    }, 0);
  };
  window.__md_get = function (key, storage, base) {
    const where = (base || window.__md_scope).pathname + "." + key;
    let raw;
    try {
      storage = storage || localStorage;
      raw = storage.getItem(where);
    } catch (error) {
      return null;
    }
    try {
      const value = JSON.parse(raw);
      if (isValid(key, value)) return value;
    } catch (error) {
      // not JSON: set aside below
    }
    try {
      storage.setItem(where + ".set-aside", raw);
      storage.removeItem(where);
    } catch (error) {
      // storage refuses writes: the value is ignored all the same
    }
    return null;
  };
  window.__md_set = function (key, value, storage, base) {
    try {
      (storage || localStorage).setItem((base || window.__md_scope).pathname + "." + key, JSON.stringify(value));
    } catch (error) {
      // full or blocked storage: the preference lasts for this page only
    }
  };
})();
