package io.github.keycloakpin2fa.storage.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.keycloak.models.SingleUseObjectProvider;

class SingleUsePlacesTest {

    private final SingleUseObjectProvider objects = mock(SingleUseObjectProvider.class);
    private final SingleUsePlaces places = new SingleUsePlaces(objects);

    @Test
    void a_claim_is_a_put_if_absent_for_the_window_in_whole_seconds_then_its_time() {
        when(objects.putIfAbsent("pin2fa.place:k#0", 61)).thenReturn(true);

        assertThat(places.claim("k#0", 60_001, 1_000)).isTrue();

        verify(objects).put("pin2fa.place:k#0", 61, Map.of("at", "1000"));
    }

    @Test
    void a_held_place_is_not_claimed_and_not_touched() {
        when(objects.putIfAbsent(anyString(), anyLong())).thenReturn(false);

        assertThat(places.claim("k#0", 60_000, 1_000)).isFalse();

        verify(objects, never()).put(anyString(), anyLong(), any());
    }

    @Test
    void the_time_of_a_claim_is_read_back_and_a_claim_without_one_yet_counts_as_now() {
        when(objects.get("pin2fa.place:k#0")).thenReturn(Map.of("at", "1000"));
        when(objects.get("pin2fa.place:k#1")).thenReturn(Map.of());
        when(objects.get("pin2fa.place:k#2")).thenReturn(null); // the store's answer for a key it does not hold

        assertThat(places.claimedAt("k#0", 5_000)).isEqualTo(OptionalLong.of(1_000));
        assertThat(places.claimedAt("k#1", 5_000)).isEqualTo(OptionalLong.of(5_000));
        assertThat(places.claimedAt("k#2", 5_000)).isEmpty();
    }

    @Test
    void a_release_removes_the_place() {
        places.release("k#0");

        verify(objects).remove("pin2fa.place:k#0");
    }
}
