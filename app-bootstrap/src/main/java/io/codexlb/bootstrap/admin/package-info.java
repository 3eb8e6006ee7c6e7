/** The admin API's glue to adapters the application must not see: reading an uploaded auth.json. */
@NullMarked
package io.codexlb.bootstrap.admin;

import org.jspecify.annotations.NullMarked;
