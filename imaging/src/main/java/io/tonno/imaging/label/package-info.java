/** Connected-component labelling of 3D binary masks (6, 18 or 26 connectivity), without recursion. */
package io.tonno.imaging.label;
