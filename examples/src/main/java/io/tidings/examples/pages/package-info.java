/** The web pages examples serve beside Socket.IO (static files from the classpath). */
package io.tidings.examples.pages;
