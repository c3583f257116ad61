package dev.flotilla.node.cloudconfig;

import java.util.List;
import java.util.Optional;

/**
 * One {@code users} entry. Recorded in the machine record only: the node does not create OS users.
 *
 * @param passwd a password hash, never a clear-text password
 */
public record UserSpec(
        String name,
        Optional<String> passwd,
        Optional<String> gecos,
        Optional<String> homedir,
        Optional<String> shell,
        Optional<String> primaryGroup,
        List<String> groups,
        List<String> sshAuthorizedKeys,
        boolean system,
        Position at) {

    public UserSpec {
        groups = List.copyOf(groups);
        sshAuthorizedKeys = List.copyOf(sshAuthorizedKeys);
    }
}
