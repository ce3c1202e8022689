<#ftl output_format="plainText">
<#if body??>
${body}
<#else>
${msg("pin2faEmailIntro", realmName)}

${pin}

${msg("pin2faEmailIgnore")}
</#if>
