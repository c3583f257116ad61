/**
 * Test support shared by the modules' tests (published as the core module's test-jar): starting and
 * stopping a real store to test against, and making TLS certificates with openssl.
 */
package dev.flotilla.testsupport;
