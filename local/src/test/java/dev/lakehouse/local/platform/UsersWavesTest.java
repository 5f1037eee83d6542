package dev.lakehouse.local.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.local.platform.SourceSystems.UserRow;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class UsersWavesTest {
  private static UserRow row(String user, String country, String at) {
    return new UserRow(List.of(user, user + "@example.com", "2025-01-01", "mobile", country, at), LocalDateTime.ofInstant(Instant.parse(at), ZoneOffset.UTC));
  }

  private static List<List<String>> ids(List<List<UserRow>> waves) {
    return waves.stream().map(w -> w.stream().map(r -> r.values().get(0) + "/" + r.values().get(4)).toList()).toList();
  }

  @Test
  void aWaveEndsWhereOneOfItsUsersChangesAgainAndLaterWavesAreNeverOlder() {
    List<UserRow> rows = List.of(
        row("U1", "ES", "2026-10-02T00:00:00Z"),
        row("U2", "FR", "2026-10-01T00:00:00Z"),
        row("U1", "AR", "2026-11-02T00:00:00Z"),
        row("U3", "DE", "2026-11-01T00:00:00Z"),
        row("U2", "IT", "2026-11-03T00:00:00Z"),
        row("U1", "CL", "2026-11-04T00:00:00Z"));
    assertThat(ids(SourceSystems.waves(rows))).containsExactly(
        List.of("U2/FR", "U1/ES", "U3/DE"),
        List.of("U1/AR", "U2/IT"),
        List.of("U1/CL"));
  }

  @Test
  void anIdenticalRepeatIsOneVersionAndStartsNoWave() {
    UserRow first = row("U1", "ES", "2026-10-02T00:00:00Z");
    assertThat(ids(SourceSystems.waves(List.of(first, row("U2", "FR", "2026-10-03T00:00:00Z"), first))))
        .containsExactly(List.of("U1/ES", "U2/FR"));
    UserRow sameInAnotherForm = new UserRow(List.of("U1", "U1@example.com", "2025-01-01", "mobile", "ES", "2026-10-02 02:00:00+02"),
        first.updatedAt());
    assertThat(SourceSystems.waves(List.of(first, sameInAnotherForm))).hasSize(1);
    assertThat(SourceSystems.waves(List.of())).isEmpty();
  }

  @Test
  void twoVersionsAtTheSameInstantAreTwoWavesInKeyOrder() {
    List<UserRow> rows = List.of(row("U1", "ES", "2026-10-02T00:00:00Z"), row("U1", "AR", "2026-10-02T00:00:00Z"));
    assertThat(SourceSystems.waves(rows)).hasSize(2);
  }
}
