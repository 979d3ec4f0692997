// Loaded before Bootstrap Italia's bundle. Its bundled Video.js would otherwise add inline <style> elements on
// every page, which the Content Security Policy (no 'unsafe-inline') refuses; we play no video.
window.VIDEOJS_NO_DYNAMIC_STYLE = true;
