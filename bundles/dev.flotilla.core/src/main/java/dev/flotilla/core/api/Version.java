package dev.flotilla.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The body of {@code GET /version}: {@code {"etcdserver":"3.4.23","etcdcluster":"3.4.0"}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Version(String etcdserver, String etcdcluster) {
}
