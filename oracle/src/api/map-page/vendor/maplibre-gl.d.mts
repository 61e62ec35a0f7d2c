// Types for the page's import of "./vendor/maplibre-gl.mjs", which the map plugin
// serves from node_modules/maplibre-gl/dist: the same module, so the same types.
export * from "maplibre-gl";
