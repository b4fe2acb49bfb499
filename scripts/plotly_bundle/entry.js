'use strict';
// Soundcheck's Plotly: the core (scatter) and the trace types the dashboard draws.
var Plotly = require('plotly.js/lib/core');
Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/scattergl'),
    require('plotly.js/lib/waterfall'),
]);
module.exports = Plotly;
