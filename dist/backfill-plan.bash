# bash completion for backfill-plan (installed to share/bash-completion/completions).
# Every option of --help, and the values of those that take a fixed set (tests/install_test.sh).
_backfill_plan() {
  local cur prev
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD-1]}
  case $prev in
    --format) mapfile -t COMPREPLY < <(compgen -W "markdown json sql migrations" -- "$cur"); return ;;
    --style) mapfile -t COMPREPLY < <(compgen -W "golang-migrate flyway plain" -- "$cur"); return ;;
    --lang) mapfile -t COMPREPLY < <(compgen -W "en ja" -- "$cur"); return ;;
    --annotations) mapfile -t COMPREPLY < <(compgen -W "github" -- "$cur"); return ;;
    --pg-version) mapfile -t COMPREPLY < <(compgen -W "12 13 14 15 16 17 18" -- "$cur"); return ;;
    --schema | --requirement) mapfile -t COMPREPLY < <(compgen -f -- "$cur"); return ;;
    --all | --template-dir | --app-dir) mapfile -t COMPREPLY < <(compgen -d -- "$cur"); return ;;
    --output) mapfile -t COMPREPLY < <(compgen -f -- "$cur"); return ;;
    --date | --set | --where | --rows | --batch-size | --sleep-ms) return ;;
  esac
  if [[ $cur == -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "--help --version --all --app-dir --schema --requirement --detailed --format --style --check
      --annotations --verbose --output --lang --template-dir --date --pg-version --set --where --rows --batch-size
      --sleep-ms" -- "$cur")
    return
  fi
  # A target: table.column from the requirement files beside the schema (backfills/<table>.<column>.json).
  local targets=() f
  for f in backfills/*.json; do [ -e "$f" ] && targets+=("$(basename "$f" .json)"); done
  mapfile -t COMPREPLY < <(compgen -W "${targets[*]}" -- "$cur")
}
complete -F _backfill_plan backfill-plan
