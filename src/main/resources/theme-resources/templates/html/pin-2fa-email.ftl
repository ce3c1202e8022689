<#ftl output_format="HTML">
<html lang="${lang}">
<body>
<p>${msg("pin2faEmailIntro", realmName)}</p>
<p style="font-size: 1.6em; letter-spacing: 0.2em;"><strong>${pin}</strong></p>
<p>${msg("pin2faEmailIgnore")}</p>
</body>
</html>
