/** The page and built-in text of {@code tucker demo}. */
package org.tuckerattention.converter.demo;
