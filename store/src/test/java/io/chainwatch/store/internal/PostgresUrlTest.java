package io.chainwatch.store.internal;

import io.chainwatch.core.config.StorageConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(10)
class PostgresUrlTest {
    private static PostgresUrl parse(String url, String user, String password) {
        return PostgresUrl.parse(new StorageConfig(url, user, password, null));
    }

    @Test
    void libpqFormMovesPercentEncodedCredentialsOutOfTheUrl() {
        assertThat(parse("postgresql://al%40ce:p%3Aw%2Bd+x@db.example:6543/chain?sslmode=require", null, null))
                .isEqualTo(new PostgresUrl("jdbc:postgresql://db.example:6543/chain?sslmode=require", "al@ce", "p:w+d+x"));
    }

    @Test
    void libpqFormWithoutCredentialsOrWithUserOnly() {
        assertThat(parse("postgres://db/chain", null, null)).isEqualTo(new PostgresUrl("jdbc:postgresql://db/chain", null, null));
        assertThat(parse("postgres://bob@db/chain", null, "pw")).isEqualTo(new PostgresUrl("jdbc:postgresql://db/chain", "bob", "pw"));
    }

    @Test
    void jdbcFormIsKeptAndTakesCredentialsFromTheConfig() {
        assertThat(parse("jdbc:postgresql://db:5432/chain", "bob", "pw")).isEqualTo(new PostgresUrl("jdbc:postgresql://db:5432/chain", "bob", "pw"));
    }

    @Test
    void credentialsInQueryParametersAreTakenOutOfTheUrl() {
        assertThat(parse("jdbc:postgresql://db/chain?ssl=true&user=bob&password=s%26cret&connectTimeout=5", null, null))
                .isEqualTo(new PostgresUrl("jdbc:postgresql://db/chain?ssl=true&connectTimeout=5", "bob", "s&cret"));
        assertThat(parse("jdbc:postgresql://db/chain?password=pw", "bob", null))
                .isEqualTo(new PostgresUrl("jdbc:postgresql://db/chain", "bob", "pw"));
    }

    @Test
    void credentialsGivenTwiceDifferentlyAreRefusedWithoutShowingThem() {
        assertThatThrownBy(() -> parse("postgresql://bob:s3cret@db/chain", "bob", "other"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("storage.password and the credentials in storage.url 'postgresql://***@db/chain' differ; give them in one place");
        assertThatThrownBy(() -> parse("jdbc:postgresql://db/chain?user=alice", "bob", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("storage.user and the credentials in storage.url 'jdbc:postgresql://db/chain?user=***'");
    }

    @Test
    void toStringHidesThePassword() {
        assertThat(parse("postgresql://bob:s3cret@db/chain", null, null).toString()).doesNotContain("s3cret").contains("password=***");
    }
}
