<#ftl output_format="HTML">
<html lang="${lang}">
<body>
<#if body??>
<#list body?split("\n") as line><p>${line}</p>
</#list>
<#else>
<p>${msg("pin2faEmailIntro", realmName)}</p>
<p style="font-size: 1.6em; letter-spacing: 0.2em;"><strong>${pin}</strong></p>
<p>${msg("pin2faEmailIgnore")}</p>
</#if>
</body>
</html>
