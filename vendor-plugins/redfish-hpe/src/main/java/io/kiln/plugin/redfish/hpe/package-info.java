/** HPE iLO's Redfish quirks, as data, and the DS component that registers the plugin; private to the bundle. */
package io.kiln.plugin.redfish.hpe;
