/** Who may open the admin namespace: basic authentication against a bcrypt hash, and the sessions it gives out. */
package io.tidings.admin.auth;
