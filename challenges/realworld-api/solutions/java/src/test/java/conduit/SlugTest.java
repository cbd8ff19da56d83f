package conduit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SlugTest {
    @Test
    void slugComesFromTheTitle() {
        assertEquals("how-to-train-your-dragon", ArticleController.slugify("How to train your dragon"));
    }

    @Test
    void aTitleWithoutLettersStillGetsASlug() {
        assertEquals("article", ArticleController.slugify("???"));
    }
}
