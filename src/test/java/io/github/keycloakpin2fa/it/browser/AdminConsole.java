package io.github.keycloakpin2fa.it.browser;

import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Keycloak's admin console (keycloak.v2) as the bootstrap admin uses it, and its 2FA pages. */
public final class AdminConsole {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private final Browser browser;

    private AdminConsole(Browser browser) {
        this.browser = browser;
    }

    /** Opens the console and logs in as {@code admin}. */
    public static AdminConsole logIn(Browser browser) {
        browser.open("/admin/master/console/");
        LoginPage.current(browser).logIn("admin", "admin");
        AdminConsole console = new AdminConsole(browser);
        console.await(By.cssSelector("[data-testid='currentRealm']"));
        return console;
    }

    /** Opens one of the extension pages of a realm ({@code page-section/<provider id>}): its list. */
    public AdminConsole openPage(String realm, String pageId) {
        go(realm, "page-section/" + pageId);
        await(By.cssSelector("h1"));
        await(By.xpath("//*[contains(@class,'pf-v5-c-table') or contains(@class,'pf-v5-c-empty-state')]"));
        return this;
    }

    /** Opens a tab of Realm settings by its path ({@code realm-settings/<tab>}). */
    public AdminConsole openRealmSettingsTab(String realm, String tab) {
        go(realm, "realm-settings/" + tab);
        await(By.cssSelector("[data-testid='save']"));
        return this;
    }

    /**
     * Loads the console at a realm's route. A new page load, not a change of the URL's fragment:
     * the console takes the realm it works on from the route only when it loads.
     */
    private void go(String realm, String route) {
        String console = browser.driver().getCurrentUrl().replaceFirst("#.*$", "");
        browser.driver().get(console + "#/" + realm + "/" + route);
        browser.driver().navigate().refresh();
        browser.awaitLoaded();
        new WebDriverWait(browser.driver(), WAIT).until(d -> d.findElements(By.cssSelector("[data-testid='currentRealm']"))
                .stream().anyMatch(e -> e.getText().strip().equals(realm)));
    }

    /** The current value of a form field (by property name). */
    public String value(String name) {
        return field(name).getAttribute("value");
    }

    /** Picks an option of a multi-valued list field (by property name): types it, clicks the option. */
    public AdminConsole choose(String name, String option) {
        WebElement input = await(By.cssSelector("#" + name + " input"));
        input.click();
        input.sendKeys(option);
        await(By.xpath("//*[@role='option'][.//*[normalize-space()='" + option + "'] or normalize-space()='" + option + "']"))
                .click();
        await(By.xpath("//*[@id='" + name + "']//*[contains(@class,'pf-v5-c-chip')][.//*[normalize-space()='" + option + "']]"));
        return this;
    }

    /** The title of the page, as the console's header shows it. */
    public String title() {
        return browser.driver().findElement(By.cssSelector("h1")).getText().strip();
    }

    /** The text of the page's main section (its list or form). */
    public String mainText() {
        return browser.driver().findElement(By.cssSelector("main")).getText();
    }

    /** The text of the left navigation. */
    public String navigation() {
        return browser.driver().findElement(By.cssSelector("nav")).getText();
    }

    /** On a page's list: "Create item", fill the form, "Save"; waits for the console's success alert. */
    public AdminConsole create(Map<String, String> fields) {
        return startCreate().fill(fields).save();
    }

    /** Like {@link #create}, for a form the server refuses: returns the error alert's text. */
    public String refusedCreate(Map<String, String> fields) {
        return startCreate().fill(fields).refusedSave();
    }

    /** On a page's list: "Create item"; waits for the empty form. */
    public AdminConsole startCreate() {
        WebElement create = browser.driver().findElements(By.xpath("//a[normalize-space()='Create item'] | //button[normalize-space()='Create item']"))
                .stream().filter(WebElement::isDisplayed).findFirst()
                .orElseThrow(() -> new AssertionError("No 'Create item' on " + browser.driver().getCurrentUrl()));
        create.click();
        await(By.cssSelector("[data-testid='save']"));
        return this;
    }

    /** "Save" on a form the server refuses: returns the error alert's text. */
    public String refusedSave() {
        browser.driver().findElement(By.cssSelector("[data-testid='save']")).click();
        return await(By.cssSelector(".pf-v5-c-alert.pf-m-danger")).getText();
    }

    /** Shows a password field's value (its eye button). */
    public AdminConsole reveal(String name) {
        // the nearest ancestor with a button: the field's input group, whose button is the eye
        field(name).findElement(By.xpath("./ancestor::*[.//button][1]//button")).click();
        new WebDriverWait(browser.driver(), WAIT).until(d -> "text".equals(field(name).getAttribute("type")));
        return this;
    }

    /** On a form: "Cancel", back to the page's list without loading the console again. */
    public AdminConsole cancel() {
        await(By.xpath("//a[normalize-space()='Cancel'] | //button[normalize-space()='Cancel']")).click();
        await(By.xpath("//*[contains(@class,'pf-v5-c-table') or contains(@class,'pf-v5-c-empty-state')]"));
        return this;
    }

    /** Types into the form's fields (by property name), replacing what is there. */
    public AdminConsole fill(Map<String, String> fields) {
        fields.forEach((name, value) -> {
            WebElement field = field(name);
            field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
            field.sendKeys(value);
        });
        return this;
    }

    public AdminConsole save() {
        browser.driver().findElement(By.cssSelector("[data-testid='save']")).click();
        await(By.cssSelector(".pf-v5-c-alert.pf-m-success"));
        return this;
    }

    /** The text of the alert the last action showed (an error names what is wrong). */
    public String alert() {
        return await(By.cssSelector(".pf-v5-c-alert")).getText();
    }

    /** On a page's list: opens the item whose first column (its name) is {@code name}. */
    public AdminConsole openItem(String name) {
        await(By.linkText(name)).click();
        await(By.cssSelector("[data-testid='save']"));
        return this;
    }

    /** Scrolls the form until the field (by property name) is at the top. */
    public AdminConsole scrollTo(String name) {
        ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript("arguments[0].scrollIntoView(true);", field(name));
        return this;
    }

    public void screenshot(String name) {
        browser.screenshot(name);
    }

    private WebElement field(String name) {
        // a multi-valued text field's first line is "config.<name>0"
        WebElement element = await(By.xpath("//*[@data-testid='" + name + "' or @name='config." + name
                + "' or @id='config." + name + "' or @data-testid='config." + name + "0']"));
        String tag = element.getTagName();
        return tag.equals("input") || tag.equals("textarea") ? element : element.findElement(By.cssSelector("input, textarea"));
    }

    private WebElement await(By locator) {
        return browser.evidenceOnTimeout(() -> new WebDriverWait(browser.driver(), WAIT)
                .until(ExpectedConditions.visibilityOfElementLocated(locator)));
    }
}
